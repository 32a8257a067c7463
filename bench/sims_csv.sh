#!/usr/bin/env bash
# Prints a valid operator CSV of N SIM cards (default 1,000,000): SFR ICCIDs 8933103 + 12-digit
# serial + Luhn digit, mobiles 07 3x xx xx xx (the demo's own cards use 06 10...), IMSIs 20810...
# With a second argument `people`, the numbers are written as people write them, in turn
# "07 30 00 00 01", "+33 7 30 00 00 02" and "0033 7 30 00 00 03"; otherwise "0730000000".
# Shared by bench/import.sh and bench/allocate.sh.
set -euo pipefail
awk -v n="${1:-1000000}" -v writing="${2:-canonical}" 'function luhn(s,   i, d, sum, dbl) {
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
      m = sprintf("%08d", 30000000 + i)
      pairs = substr(m, 1, 2) " " substr(m, 3, 2) " " substr(m, 5, 2) " " substr(m, 7, 2)
      if (writing != "people") number = "07" m
      else if (i % 3 == 0) number = "07 " pairs
      else if (i % 3 == 1) number = "+33 7 " pairs
      else number = "0033 7 " pairs
      printf "%s%d,%s,20810%010d,%08d\n", body, luhn(body), number, i, (i * 7919) % 100000000
    }
  }'
