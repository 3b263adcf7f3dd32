#!/usr/bin/env bash
# A one-node SLURM cluster on this machine, for tests/slurm/test_slurm.py (make test-slurm).
#
#   tests/slurm/start-local-slurm.sh          install (Debian's slurm-wlm + munge) if missing,
#                                             configure, start munged, slurmctld, slurmd; wait
#                                             until the node takes jobs
#   tests/slurm/start-local-slurm.sh stop     stop the three daemons this script started
#   tests/slurm/start-local-slurm.sh status   sinfo, or why not
#
# Rerun-safe: what is installed is not reinstalled, running daemons are left running (restarted
# only when the config this script writes has changed). Meant for a throwaway machine or CI box
# (Debian/Ubuntu, root or sudo): it writes /etc/slurm/slurm.conf and refuses to overwrite one
# it did not write. Only loopback: the controller and the node are 127.0.0.1.
#
# No accounting database (slurmdbd/MariaDB): the test asks the executor plugin to follow jobs
# with squeue (kept MinJobAge=300 s after they end), and SLURM's job-completion log
# (JobCompType=jobcomp/filetxt) records every job that ran, which the test reads.
set -euo pipefail

[ "$(id -u)" -eq 0 ] || exec sudo -E bash "$0" "$@"

CONF=/etc/slurm/slurm.conf
MARK="# written by framescope tests/slurm/start-local-slurm.sh"
LOGDIR=/var/log/slurm
SPOOL=/var/lib/slurm
CTLD_PID=/run/slurmctld.pid
SLURMD_PID=/run/slurmd.pid
MUNGE_PID=/run/munge/munged.pid
NODE=$(hostname -s)

say() { echo "start-local-slurm: $*" >&2; }
die() { say "error: $*"; exit 1; }

# A pid file's process, if it still runs (and is the named program, not a zombie).
running() { # pidfile name
    local pid
    [ -s "$1" ] || return 1
    pid=$(cat "$1")
    [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "$2" ] &&
        ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null
}

stop_one() { # pidfile name
    if running "$1" "$2"; then
        local pid
        pid=$(cat "$1")
        kill "$pid"
        for _ in $(seq 50); do running "$1" "$2" || break; sleep 0.2; done
        running "$1" "$2" && die "$2 (pid $pid) did not stop"
        say "stopped $2 (pid $pid)"
    fi
    rm -f "$1"
}

stop_all() {
    stop_one "$SLURMD_PID" slurmd
    stop_one "$CTLD_PID" slurmctld
    stop_one "$MUNGE_PID" munged
    # Take our config away too: with SLURM's client installed and a config naming a
    # controller that is gone, `scontrol show config` waits 9 s for it, and Snakemake's
    # SLURM plugin runs that command on every snakemake call, even local ones.
    if [ -e "$CONF" ] && grep -qF "$MARK" "$CONF"; then
        rm -f "$CONF"
    fi
}

install_packages() {
    local missing=0
    for cmd in munged slurmctld slurmd sbatch squeue sinfo; do
        command -v "$cmd" >/dev/null || missing=1
    done
    [ "$missing" -eq 0 ] && return
    command -v apt-get >/dev/null || die "SLURM is not installed and there is no apt-get to install it"
    say "installing slurm-wlm and munge (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # policy-rc.d (containers) or no init system: the packages' own service start is skipped
    # or fails harmlessly; this script starts the daemons itself.
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
}

write_config() {
    local cpus mem tmp
    cpus=$(nproc)
    # what slurmd sees on this machine, less 5% so the node is never short of what it declares
    mem=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
    [ -n "$mem" ] || die "slurmd -C did not report RealMemory"
    mem=$((mem * 95 / 100))
    if [ -e "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then
        die "$CONF exists and was not written by this script; not touching a real SLURM config"
    fi
    mkdir -p /etc/slurm "$LOGDIR" "$SPOOL/slurmctld" "$SPOOL/slurmd"
    tmp=$(mktemp)
    cat >"$tmp" <<EOF
$MARK
# One node (this machine), one partition, no accounting database. Root runs the daemons.
ClusterName=framescope-local
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
MpiDefault=none
# no cgroup plugins: they need a writable cgroup tree, which containers rarely give
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# one line per finished job: the test's evidence that jobs ran through SLURM
JobCompType=jobcomp/filetxt
JobCompLoc=$LOGDIR/jobcomp.log
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SchedulerType=sched/backfill
# finished jobs stay visible to squeue this long (the executor plugin's status source here)
MinJobAge=300
ReturnToService=2
SlurmdParameters=config_overrides
StateSaveLocation=$SPOOL/slurmctld
SlurmdSpoolDir=$SPOOL/slurmd
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$LOGDIR/slurmctld.log
SlurmdLogFile=$LOGDIR/slurmd.log
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
    if [ -e "$CONF" ] && cmp -s "$tmp" "$CONF"; then
        rm -f "$tmp"
        return 1 # unchanged
    fi
    install -m 644 "$tmp" "$CONF"
    rm -f "$tmp"
    say "wrote $CONF (node $NODE: $cpus CPUs, $mem MB)"
    return 0
}

start_munge() {
    if [ ! -s /etc/munge/munge.key ]; then
        mkdir -p /etc/munge
        dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    fi
    chown munge:munge /etc/munge /etc/munge/munge.key
    chmod 700 /etc/munge
    chmod 400 /etc/munge/munge.key
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    chown munge:munge /run/munge /var/lib/munge /var/log/munge
    running "$MUNGE_PID" munged && return
    say "starting munged"
    runuser -u munge -- /usr/sbin/munged --pid-file="$MUNGE_PID"
    munge -n | unmunge >/dev/null || die "munge does not work (see /var/log/munge/munged.log)"
}

start_slurm() {
    if ! running "$CTLD_PID" slurmctld; then
        say "starting slurmctld"
        slurmctld
    fi
    if ! running "$SLURMD_PID" slurmd; then
        say "starting slurmd"
        slurmd
    fi
}

wait_for_node() {
    local state=""
    for _ in $(seq 120); do
        state=$(sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
        case "$state" in
        idle* | mixed* | allocated*) say "node $NODE is $state; partition 'local' takes jobs"; return ;;
        down* | drain*) scontrol update nodename="$NODE" state=resume 2>/dev/null || true ;;
        esac
        sleep 0.5
    done
    die "node $NODE did not come up (state '${state:-unknown}'); see $LOGDIR/slurmctld.log and slurmd.log"
}

case "${1:-start}" in
start)
    install_packages
    if write_config; then
        # a new or changed config: restart whatever runs, so it is read
        stop_one "$SLURMD_PID" slurmd
        stop_one "$CTLD_PID" slurmctld
    fi
    start_munge
    start_slurm
    wait_for_node
    ;;
stop)
    stop_all
    ;;
status)
    command -v sinfo >/dev/null || die "SLURM is not installed"
    sinfo
    ;;
*)
    die "usage: $0 [start|stop|status]"
    ;;
esac
