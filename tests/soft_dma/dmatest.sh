#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# dmatest.sh [MODDIR] - run the kernel's own DMAEngine client, dmatest,
# against mco_soft_dma in a guest: with completion callbacks (two threads
# per channel), then polled (one thread per channel: every CPU polls
# tx_status).  dmatest checks every byte of every copy, including the
# guard bytes around unaligned buffers.  Prints kselftest TAP; exits 1 on
# any failure.  Needs busybox, dmatest.ko and mco_soft_dma.ko in MODDIR
# (default /lib/modules/mco), and neither module loaded.
moddir=${1:-/lib/modules/mco}
param=/sys/module/dmatest/parameters
fail=0
n=0

tap() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
	fi
}

# Sum "summary N tests, F failures" over the threads of the last run.
summary() {
	dmesg | sed -n 's/.*dmatest: .*summary \([0-9]*\) tests, \([0-9]*\) failures.*/\1 \2/p' |
		awk '{ t += $1; f += $2 } END { printf "%d %d\n", t, f }'
}

# run_dmatest WHAT EXPECTED_TESTS ARGS...
run_dmatest() {
	what=$1
	want=$2
	shift 2
	dmesg -c >/dev/null
	if ! insmod "$moddir/dmatest.ko" "$@"; then
		tap 1 "soft_dma: dmatest $what: insmod dmatest"
		return
	fi
	echo 1 >$param/run
	cat $param/wait >/dev/null
	read -r tests failures <<EOF
$(summary)
EOF
	echo "# dmatest $what: $tests tests, $failures failures"
	rmmod dmatest
	if [ "$tests" = "$want" ] && [ "$failures" = 0 ] &&
	   ! dmesg | grep -q "dma_sync_wait: timeout"; then
		tap 0 "soft_dma: dmatest $what: $want copies verified"
	else
		tap 1 "soft_dma: dmatest $what: $want copies verified"
	fi
}

echo "TAP version 13"
echo "1..4"
insmod "$moddir/mco_soft_dma.ko" nr_channels=2
tap $? "soft_dma: insmod mco_soft_dma nr_channels=2"
run_dmatest "callbacks, 2 channels x 2 threads" 2000 \
	iterations=500 threads_per_chan=2 timeout=5000
run_dmatest "polled, 2 channels x 1 thread" 600 \
	polled=1 iterations=300 threads_per_chan=1 timeout=5000
rmmod mco_soft_dma
tap $? "soft_dma: rmmod mco_soft_dma"
exit $fail
