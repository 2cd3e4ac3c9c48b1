// Every CDK App synthesised without an outdir writes a ~37 MB cdk.out* directory under os.tmpdir(), about 250 of
// them per full run. The run gets a temp directory of its own (workers inherit TMPDIR), removed by the teardown, so
// repeated runs never fill the disk and concurrent runs never remove each other's files.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-aiops-jest-'));
  process.env.CDK_AIOPS_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
