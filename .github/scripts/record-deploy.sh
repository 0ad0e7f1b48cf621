#!/usr/bin/env bash
# Records a deploy run that succeeded whole: moves the tag deployed/main to the commit it deployed, from
# the commit it started from (BASE) only. If someone moved the tag meanwhile, the push is refused and
# the run fails, saying so; a tag never moves backwards.
#   BASE   the commit deploy-base.sh gave this run     REMOTE  default origin
set -euo pipefail
tag=${DEPLOYED_TAG:-deployed/main}
remote=${REMOTE:-origin}
head=$(git rev-parse HEAD)
if [ "$BASE" = "$head" ]; then
  echo "this run deployed nothing beyond $BASE: $tag stays"
  exit 0
fi
if ! git merge-base --is-ancestor "$BASE" "$head"; then
  echo "::notice::$head is not newer than $tag ($BASE): the tag stays"
  exit 0
fi
git push --force-with-lease="refs/tags/$tag:$BASE" "$remote" "$head:refs/tags/$tag"
echo "$tag: $BASE -> $head"
