#!/usr/bin/env bash
# Java, used as a Java CDK team would: generate the Java binding (jsii-pacmak), build and install its jar with Maven,
# then build examples/java (pom.xml + App.java) with Maven against it and synthesise the app into
# cdk.out/bindings/java. test/bindings/java.test.ts compares that template with the TypeScript example's.
#   --no-compile   skip `projen bundle` and `projen compile` (the test task has just run them)
#
# Why not `npx projen package:java`: the pom jsii-pacmak writes asks for version ranges (aws-cdk-lib [2.276.0,3.0.0),
# constructs [10.8.1,11.0.0), jsii-runtime [1.140.0,2.0.0)...), and the Maven Central reachable here serves no
# aws-cdk-lib >= 2.276.0 (its newest is 2.272.0), so package:java fails resolving them. The generated pom is built
# with those ranges pinned to the versions of scripts/bindings-java.versions instead.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
compile=1
[ "${1:-}" = "--no-compile" ] && compile=0
t0=$SECONDS
if [ "$compile" = 1 ]; then
  npx projen bundle
  npx projen compile
fi
# shellcheck source=/dev/null
. scripts/bindings-java.versions
gen=dist/java-src
rm -rf "$gen"
npx jsii-pacmak --code-only --target java --outdir "$gen"
pom="$gen/java/pom.xml"
sed -i \
  -e "s#<version>\[2\.[0-9.]*,3\.0\.0)</version>#<version>${AWS_CDK_LIB}</version>#" \
  -e "s#<version>\[10\.[0-9.]*,11\.0\.0)</version>#<version>${CONSTRUCTS}</version>#" \
  -e "s#<version>\[1\.[0-9.]*,2\.0\.0)</version>#<version>${JSII_RUNTIME}</version>#" \
  -e "s#<version>\[16\.[0-9.]*,20\.0\.0)</version>#<version>${JETBRAINS_ANNOTATIONS}</version>#" \
  -e "s#<version>\[1\.3\.2,1\.4\.0)</version>#<version>${JAVAX_ANNOTATION}</version>#" \
  "$pom"
if grep -q '<version>\[' "$pom"; then
  echo "bindings-java: a version range is left in $pom; pin it in scripts/bindings-java.versions" >&2
  grep -n '<version>\[' "$pom" >&2
  exit 1
fi
mvn="mvn -B -q -Dmaven.javadoc.skip=true -Dmaven.source.skip=true"
(cd "$gen/java" && $mvn install)
t1=$SECONDS
out=cdk.out/bindings/java
rm -rf "$out"
mkdir -p "$out"
(cd examples/java && CDK_OUTDIR="$root/$out" $mvn -Dcdk-aiops.version=0.0.0 \
  -Daws-cdk-lib.version="$AWS_CDK_LIB" -Dconstructs.version="$CONSTRUCTS" compile exec:java)
t2=$SECONDS
echo "java bindings: jar $((t1 - t0))s, example build and synth $((t2 - t1))s -> $out"
