#!/usr/bin/env bash
# Runs `star-sim explore` as a Slurm job array of shards plus a merge job, leaving OUTDIR/front.json and front.csv.
# Usage and recovery: docs/cluster.md. This same file is also the body of both jobs (the --run-* modes below).
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: slurm/explore.sh FILE.star SHARDS OUTDIR [sbatch options...]
       slurm/explore.sh --merge OUTDIR [sbatch options...]
       slurm/explore.sh --rerun OUTDIR SHARDS_TO_RUN [sbatch options...]

Submits a job array of SHARDS tasks (task I runs `star-sim explore FILE.star --shard I/SHARDS --out OUTDIR`,
logs in OUTDIR/logs/shard-I.out) and a merge job (--dependency=afterok on the array) that writes OUTDIR/front.json
and OUTDIR/front.csv. Prints the two job ids on stdout as `array ID` and `merge ID`, one per line. The extra sbatch
options (--partition, --time, --account, ...) go to both jobs.

--merge OUTDIR submits the merge again (after tasks were requeued: their old merge may never run, see
docs/cluster.md): it cancels the old merge if still pending and waits only for the tasks still queued.
--rerun OUTDIR 2,5 submits those shards again as a new array (they resume from their journals), then the merge.
Exit status: 0 when submitted, 1 when sbatch, star-sim or Node is missing or sbatch refuses, 2 on bad arguments.

Environment:
  STAR_NODE   Node 20 or later on the compute nodes (default: `node` on the job's PATH)
  STAR_SIM    star-sim (default: this repository's dist/server/star-sim.js; build it with `npm run build`)
  STAR_SETUP  a shell line each job runs first, e.g. 'module load nodejs/20' (default: none)
EOF
}

die_usage() { echo "slurm/explore.sh: $1" >&2; echo "Run slurm/explore.sh --help for the usage." >&2; exit 2; }
die() { echo "slurm/explore.sh: $1" >&2; exit 1; }

# Absolute path of an existing or creatable path (jobs may start in another directory).
absolute() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac; }

# The job bodies. Arguments come from the submitting call, so the copy Slurm keeps of this file needs nothing else.
run_setup() { if [ -n "$1" ]; then eval "$1"; fi; }

check_node() {
  local node=$1 version major
  version=$("$node" --version 2>/dev/null) || die "cannot run Node '$node' here ($(hostname)): set STAR_NODE or STAR_SETUP (docs/cluster.md)"
  major=${version#v}; major=${major%%.*}
  [ "$major" -ge 20 ] 2>/dev/null || die "Node '$node' is $version, star-sim needs 20 or later: set STAR_NODE or STAR_SETUP (docs/cluster.md)"
}

run_shard() {
  local setup=$1 node=$2 sim=$3 file=$4 shards=$5 outdir=$6
  local task=${SLURM_ARRAY_TASK_ID:?the shard task runs inside a Slurm job array (SLURM_ARRAY_TASK_ID unset)}
  run_setup "$setup"
  check_node "$node"
  echo "slurm/explore.sh: shard $task/$shards on $(hostname), job ${SLURM_JOB_ID:-?}, restart ${SLURM_RESTART_COUNT:-0}, $(date -u +%FT%TZ)" >&2
  report_journals "$task" "$outdir"
  # The shard's front goes to its shard file; the table star-sim also prints would only fill the log. No exec:
  # STAR_SETUP may define node as a shell function (a container), which exec would not find.
  "$node" "$sim" explore "$file" --shard "$task/$shards" --out "$outdir" > /dev/null
}

# Says in the log when a shard starts again over its journals (star-sim then resumes from them).
report_journals() {
  local task=$1 outdir=$2 j
  for j in "$outdir"/shard-*-of-*.explore.jsonl; do
    [[ "$(basename "$j")" =~ ^shard-0*([0-9]+)-of-[0-9]+\. ]] || continue
    [ "${BASH_REMATCH[1]}" -eq "$task" ] || continue
    echo "slurm/explore.sh: shard $task resumes from its journal $j ($(wc -l < "$j") lines)" >&2
  done
}

run_merge() {
  local setup=$1 node=$2 sim=$3 outdir=$4 tag=${SLURM_JOB_ID:-$$} kind
  run_setup "$setup"
  check_node "$node"
  echo "slurm/explore.sh: merge of $outdir on $(hostname), job ${SLURM_JOB_ID:-?}, $(date -u +%FT%TZ)" >&2
  for kind in json csv; do
    # A temp file in OUTDIR, then a rename: readers see the old front or the new one, never half of one.
    if ! "$node" "$sim" merge "$outdir" "--$kind" > "$outdir/.front.$kind.$tag.tmp"; then
      rm -f "$outdir/.front.$kind.$tag.tmp"
      "$node" "$sim" merge --status "$outdir" >&2 || true
      exit 1
    fi
    mv -f "$outdir/.front.$kind.$tag.tmp" "$outdir/front.$kind"
  done
  echo "slurm/explore.sh: wrote $outdir/front.json and $outdir/front.csv" >&2
}

# Options explore.sh sets itself; the rest of sbatch's options pass through to both jobs.
check_sbatch_options() {
  local o
  for o in "$@"; do
    case "$o" in
      -a|-a*|--array|--array=*|-d|-d*|--dependency|--dependency=*|-o|-o*|--output|--output=*|-e|-e*|--error|--error=*|--wrap|--wrap=*|--parsable)
        die_usage "sbatch option '$o' is set by explore.sh itself (array, dependency, logs in OUTDIR/logs): leave it out" ;;
    esac
  done
}

# The tools both submission modes need; resolved here so every job uses the same star-sim.
resolve_tools() {
  command -v sbatch >/dev/null || die "sbatch not found: run this on a Slurm login node (or put Slurm's bin on PATH)"
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  node=${STAR_NODE:-node}
  sim=$(absolute "${STAR_SIM:-$here/../dist/server/star-sim.js}")
  setup=${STAR_SETUP:-}
  [ -f "$sim" ] || die "star-sim not found at $sim: run 'npm run build' in the repository, or set STAR_SIM"
  # Node is checked again in each job (the nodes may differ from here); a Node found here must already be recent.
  if [ -z "$setup" ] && command -v "$node" >/dev/null; then check_node "$node"; fi
}

submit() {
  local id
  id=$(sbatch --parsable "$@") || die "sbatch refused the job (its message is above)"
  printf '%s\n' "${id%%;*}"
}

# The queued (pending, running or completing) tasks of array job $1, as A_I ids. The whole queue is read rather
# than `squeue -j A`, which fails once A is forgotten: a failure here is then a real one, not "nothing queued".
queued_tasks() {
  local queue
  queue=$(squeue -h -r -u "$(id -un)" -o '%i') || die "cannot read the queue (squeue failed): try again"
  grep -E "^$1_[0-9]+$" <<< "$queue" || true
}

# A job array of the given shards (Slurm's --array syntax) of FILE.
submit_array() {
  local file=$1 shards=$2 outdir=$3 list=$4; shift 4
  submit --job-name=star-explore "$@" --array="$list" --requeue \
    --output="$outdir/logs/shard-%a.out" --open-mode=append \
    "$here/explore.sh" --run-shard "$setup" "$node" "$sim" "$file" "$shards" "$outdir"
}

submit_merge() {
  local outdir=$1 dependency=$2; shift 2
  local args=(--job-name=star-merge "$@" --output="$outdir/logs/merge-%j.out" --open-mode=append)
  [ -n "$dependency" ] && args+=(--dependency="$dependency")
  submit "${args[@]}" "$here/explore.sh" --run-merge "$setup" "$node" "$sim" "$outdir"
}

main_submit() {
  [ $# -ge 3 ] || die_usage "expected FILE.star SHARDS OUTDIR [sbatch options...], got $# argument(s)"
  local file=$1 shards=$2 outdir=$3; shift 3
  case "$file" in *.star) ;; *) die_usage "FILE '$file' should be a .star file (the first argument)" ;; esac
  { [ -f "$file" ] && [ -r "$file" ]; } || die_usage "FILE '$file' not found or not readable"
  [[ "$shards" =~ ^[1-9][0-9]*$ ]] || die_usage "SHARDS must be a whole number of 1 or more, got '$shards'"
  [ -n "$outdir" ] || die_usage "OUTDIR is empty: name a folder all nodes can write (it holds shards, logs and the front)"
  check_sbatch_options "$@"
  resolve_tools
  file=$(absolute "$file"); outdir=$(absolute "$outdir")
  mkdir -p "$outdir/logs" || die "cannot make $outdir/logs"
  local array merge
  array=$(submit_array "$file" "$shards" "$outdir" "0-$((shards - 1))" "$@")
  merge=$(submit_merge "$outdir" "afterok:$array" "$@")
  printf 'array=%s\nmerge=%s\nshards=%s\nfile=%s\n' "$array" "$merge" "$shards" "$file" > "$outdir/slurm-jobs"
  printf 'array %s\nmerge %s\n' "$array" "$merge"
}

# Replaces the merge job: cancels the old one if still pending, then waits (afterok) on each task still queued of
# every array submitted to OUTDIR. afterok on a whole array is never satisfied once one of its tasks was cancelled
# or failed, even when that task is requeued and succeeds (Slurm 22.05; docs/cluster.md): hence one id per task.
resubmit_merge() {
  local outdir=$1; shift
  local old state arrays tasks merge a
  old=$(sed -n 's/^merge=//p' "$outdir/slurm-jobs")
  state=$(squeue -h -j "$old" -o '%T' 2>/dev/null || true)
  if [ "$state" = PENDING ]; then scancel "$old" || die "cannot cancel the old merge job $old"; fi
  arrays=$(sed -n 's/^array=//p' "$outdir/slurm-jobs")
  tasks=""
  for a in $arrays; do tasks+="$(queued_tasks "$a")"$'\n'; done
  tasks=$(grep . <<< "$tasks" | paste -sd: - || true)
  merge=$(submit_merge "$outdir" "${tasks:+afterok:$tasks}" "$@")
  sed -i "s/^merge=.*/merge=$merge/" "$outdir/slurm-jobs"
  printf 'merge %s\n' "$merge"
}

# OUTDIR of an earlier submission, checked; sets outdir, and file and shards from OUTDIR/slurm-jobs.
submitted_outdir() {
  outdir=$(absolute "$1")
  [ -f "$outdir/slurm-jobs" ] || die_usage "$outdir/slurm-jobs not found: OUTDIR must be a folder explore.sh submitted to"
  file=$(sed -n 's/^file=//p' "$outdir/slurm-jobs"); shards=$(sed -n 's/^shards=//p' "$outdir/slurm-jobs")
}

main_merge() {
  [ $# -ge 1 ] || die_usage "--merge needs OUTDIR (the folder a submission wrote)"
  local outdir file shards
  submitted_outdir "$1"; shift
  check_sbatch_options "$@"
  resolve_tools
  resubmit_merge "$outdir" "$@"
}

main_rerun() {
  [ $# -ge 2 ] || die_usage "--rerun needs OUTDIR and the shards to run again (e.g. 2 or 2,5 or 0-3)"
  local outdir file shards list=$2 i array
  submitted_outdir "$1"; shift 2
  [[ "$list" =~ ^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$ ]] || die_usage "shards to rerun must look like 2, 2,5 or 0-3, got '$list'"
  for i in ${list//[,-]/ }; do
    [ "$i" -lt "$shards" ] || die_usage "shard $i is not one of the $shards shards (0 to $((shards - 1))) of $outdir"
  done
  check_sbatch_options "$@"
  resolve_tools
  array=$(submit_array "$file" "$shards" "$outdir" "$list" "$@")
  printf 'array=%s\n' "$array" >> "$outdir/slurm-jobs"
  printf 'array %s\n' "$array"
  resubmit_merge "$outdir" "$@"
}

case "${1:-}" in
  -h|--help) usage ;;
  --run-shard) shift; [ $# -eq 6 ] || die "--run-shard is explore.sh's job body, not for direct use"; run_shard "$@" ;;
  --run-merge) shift; [ $# -eq 4 ] || die "--run-merge is explore.sh's job body, not for direct use"; run_merge "$@" ;;
  --merge) shift; main_merge "$@" ;;
  --rerun) shift; main_rerun "$@" ;;
  -*) die_usage "unknown option '$1'" ;;
  *) main_submit "$@" ;;
esac
