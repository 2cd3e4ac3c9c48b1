"""The whole loop in one stack, in Python: the hub, Slack approvals, and the agents with one extra runbook.

The Python twin of examples/full-loop.ts; test/bindings/python.test.ts checks that both synthesise the same
resources. Run by scripts/bindings-python.sh in a virtual environment holding the cdk-aiops wheel.

Python names: props are snake_case keyword arguments (allowed_accounts, channel_id, risk_class...), and a member
whose name is a Python keyword gets a trailing underscore: ``Runbook.lambda_(fn, ...)``.
"""
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_secretsmanager as secretsmanager

from cdk_aiops import (
    AgentSuite,
    AiopsHub,
    RiskClass,
    Runbook,
    SlackChannel,
    Verification,
)

app = App()
stack = Stack(app, "AiopsFullLoop")

hub = AiopsHub(
    stack,
    "Hub",
    allowed_accounts=["111111111111"],
    triage={"topology": {"checkout": ["payments", "inventory"]}},
)

slack = SlackChannel(
    stack,
    "Slack",
    hub=hub,
    # A JSON secret {"botToken": "xoxb-...", "signingSecret": "..."}, created outside the stack.
    secret=secretsmanager.Secret.from_secret_name_v2(stack, "SlackSecret", "aiops/slack"),
    channel_id="C0123456789",
    approvers=["U0123456789"],
    approval_timeout=Duration.minutes(30),
)

AgentSuite(
    stack,
    "Agents",
    hub=hub,
    channel=slack,
    runbooks=[
        Runbook.ssm_automation(
            "AWS-RestartEC2Instance",
            id="restart-web-instance",
            title="Restart a web instance",
            risk_class=RiskClass.LOW,
            resource_types=["AWS::EC2::Instance"],
            verify=Verification.alarms_ok(Duration.minutes(10)),
        ),
    ],
)

app.synth()
