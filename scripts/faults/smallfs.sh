#!/usr/bin/env bash
# A small filesystem for scripts/faults.sh's disk-full scenario: a loop-mounted ext4 image (InnoDB needs O_DIRECT,
# which tmpfs may refuse), a filler file that takes all but a little of its space, and the way back. Needs root.
#
#   smallfs.sh mount DIR SIZE_MB     an ext4 image of SIZE_MB mounted on DIR (image beside it: DIR.img)
#   smallfs.sh fill DIR LEAVE_KB     a filler file on DIR that leaves LEAVE_KB free
#   smallfs.sh unfill DIR            deletes the filler (space is free again)
#   smallfs.sh free DIR              prints the free KB on DIR
#   smallfs.sh umount DIR            unmounts DIR and deletes its image (lazily when busy)
set -euo pipefail
cmd=${1:-}; dir=${2:-}
[ -n "$dir" ] || { sed -n '2,9p' "$0" >&2; exit 2; }
free_kb() { df -Pk "$dir" | awk 'NR == 2 { print $4 }'; }
case "$cmd" in
  mount)
    mkdir -p "$dir"
    truncate -s "${3:?SIZE_MB}M" "$dir.img"
    mkfs.ext4 -q -F -m 0 "$dir.img"
    mount -o loop "$dir.img" "$dir" ;;
  fill)
    leave=${3:?LEAVE_KB}
    # fallocate takes the blocks at once (no data written); dd is the fallback where it is not supported.
    want=$(( $(free_kb) - leave ))
    [ "$want" -gt 0 ] || exit 0
    fallocate -l "${want}K" "$dir/filler" 2>/dev/null || dd if=/dev/zero of="$dir/filler" bs=1K count="$want" status=none || true ;;
  unfill) rm -f "$dir/filler" ;;
  free) free_kb ;;
  umount)
    if mountpoint -q "$dir"; then umount "$dir" 2>/dev/null || umount -l "$dir"; fi
    rm -f "$dir.img" ;;
  *) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
