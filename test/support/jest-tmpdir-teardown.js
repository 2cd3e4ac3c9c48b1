// Removes the run's own temp directory (see jest-tmpdir-setup.js).
const fs = require('fs');

module.exports = async () => {
  const dir = process.env.CDK_AIOPS_JEST_TMPDIR;
  if (dir && dir.includes('cdk-aiops-jest-')) fs.rmSync(dir, { recursive: true, force: true });
};
