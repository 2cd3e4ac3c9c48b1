package io.github.cdkaiops.examples;

import java.util.List;
import java.util.Map;

import io.github.cdkaiops.AgentSuite;
import io.github.cdkaiops.AiopsHub;
import io.github.cdkaiops.RiskClass;
import io.github.cdkaiops.Runbook;
import io.github.cdkaiops.SlackChannel;
import io.github.cdkaiops.SsmAutomationRunbookOptions;
import io.github.cdkaiops.TriageSettings;
import io.github.cdkaiops.Verification;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.secretsmanager.Secret;

/**
 * The whole loop in one stack, in Java: the hub, Slack approvals, and the agents with one extra runbook. The Java twin
 * of examples/full-loop.ts; test/bindings/java.test.ts checks that both synthesise the same resources.
 *
 * <p>Java names: every construct has a {@code Builder} ({@code AiopsHub.Builder.create(scope, id)...build()}), every
 * struct too ({@code TriageSettings.builder()...build()}); a member whose name is a Java keyword would get a trailing
 * underscore, but {@code lambda} is not one: {@code Runbook.lambda(fn, options)}.
 */
public final class App {
    private App() {
    }

    public static void main(final String[] args) {
        software.amazon.awscdk.App app = new software.amazon.awscdk.App();
        Stack stack = new Stack(app, "AiopsFullLoop");

        AiopsHub hub = AiopsHub.Builder.create(stack, "Hub")
                .allowedAccounts(List.of("111111111111"))
                .triage(TriageSettings.builder()
                        .topology(Map.of("checkout", List.of("payments", "inventory")))
                        .build())
                .build();

        SlackChannel slack = SlackChannel.Builder.create(stack, "Slack")
                .hub(hub)
                // A JSON secret {"botToken": "xoxb-...", "signingSecret": "..."}, created outside the stack.
                .secret(Secret.fromSecretNameV2(stack, "SlackSecret", "aiops/slack"))
                .channelId("C0123456789")
                .approvers(List.of("U0123456789"))
                .approvalTimeout(Duration.minutes(30))
                .build();

        AgentSuite.Builder.create(stack, "Agents")
                .hub(hub)
                .channel(slack)
                .runbooks(List.of(
                        Runbook.ssmAutomation("AWS-RestartEC2Instance", SsmAutomationRunbookOptions.builder()
                                .id("restart-web-instance")
                                .title("Restart a web instance")
                                .riskClass(RiskClass.LOW)
                                .resourceTypes(List.of("AWS::EC2::Instance"))
                                .verify(Verification.alarmsOk(Duration.minutes(10)))
                                .build())))
                .build();

        app.synth();
    }
}
