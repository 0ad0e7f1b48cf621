#!/usr/bin/env bash
# The commit a deploy run measures from: the last commit whose deploy run succeeded whole, recorded by
# the tag deployed/main (record-deploy.sh moves it at the end of such a run). So a stack that failed or
# was cancelled is in the next run's range again, and deployed again, until a run succeeds.
# Writes base=<commit> to $GITHUB_OUTPUT. Needs the history and the tags (actions/checkout fetch-depth 0).
set -euo pipefail
tag=${DEPLOYED_TAG:-deployed/main}
out=${GITHUB_OUTPUT:-/dev/stdout}
head=$(git rev-parse HEAD)
if ! base=$(git rev-parse -q --verify "refs/tags/$tag^{commit}"); then
  echo "::error::no tag $tag: deploys measure from the last good deploy, and none is recorded. After the first deploy by hand (docs/platform/deploying.md#4-the-first-deploy-in-order), record it: git tag $tag <that commit> && git push origin $tag"
  exit 1
fi
if [ "$base" = "$head" ]; then
  echo "::notice::$head is the last good deploy already: nothing to deploy"
elif git merge-base --is-ancestor "$head" "$base"; then
  # An older run re-run by hand: what it would deploy is older than what is deployed.
  echo "::notice::$head is older than the last good deploy ($tag = $base): nothing to deploy"
  base=$head
elif ! git merge-base --is-ancestor "$base" "$head"; then
  echo "::error::$tag ($base) is not an ancestor of $head: main's history was rewritten. A platform owner checks what is deployed and moves $tag by hand"
  exit 1
else
  echo "deploying what changed since the last good deploy: $base..$head ($(git rev-list --count "$base..$head") commit(s))"
fi
echo "base=$base" >>"$out"
