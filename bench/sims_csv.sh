#!/usr/bin/env bash
# Prints a valid operator CSV of N SIM cards (default 1,000,000): SFR ICCIDs 8933103 + 12-digit
# serial + Luhn digit, mobiles 07 3x xx xx xx (the demo's own cards use 06 10...), IMSIs 20810...
# Shared by bench/import.sh and bench/allocate.sh.
set -euo pipefail
awk -v n="${1:-1000000}" 'function luhn(s,   i, d, sum, dbl) {
    sum = 0; dbl = 1
    for (i = length(s); i >= 1; i--) {
      d = substr(s, i, 1) + 0
      if (dbl) { d *= 2; if (d > 9) d -= 9 }
      sum += d; dbl = !dbl
    }
    return (10 - sum % 10) % 10
  }
  BEGIN {
    print "iccid,msisdn,imsi,puk"
    for (i = 0; i < n; i++) {
      body = sprintf("8933103%012d", i)
      printf "%s%d,07%08d,20810%010d,%08d\n", body, luhn(body), 30000000 + i, i, (i * 7919) % 100000000
    }
  }'
