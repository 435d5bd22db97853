#!/usr/bin/env bash
# Makes a self-signed certificate and an unencrypted key for one DNS name with the openssl CLI,
# for tests that need TLS (curl --cacert accepts the certificate as its own trust anchor).
# Usage: make-test-cert.sh NAME DIR [ecdsa|rsa]
#   NAME  DNS name, put in subjectAltName and the subject CN; "*.pop.test" makes a wildcard
#   DIR   existing directory; writes DIR/STEM.crt and DIR/STEM.key, where STEM is NAME with
#         "*" written as "wildcard", and prints the two paths, certificate first
#   key type defaults to ecdsa (P-256); rsa is 2048 bits
set -euo pipefail

usage() {
  echo "usage: make-test-cert.sh NAME DIR [ecdsa|rsa]" >&2
  exit 2
}

[[ $# -ge 2 && $# -le 3 ]] || usage
NAME=$1
DIR=$2
TYPE=${3:-ecdsa}

[[ $NAME =~ ^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$ ]] || {
  echo "make-test-cert.sh: not a DNS name: $NAME" >&2
  exit 2
}
[[ -d $DIR ]] || {
  echo "make-test-cert.sh: not a directory: $DIR" >&2
  exit 2
}
case $TYPE in
  ecdsa) KEY_ARGS=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
  rsa) KEY_ARGS=(-newkey rsa:2048) ;;
  *) usage ;;
esac

STEM=${NAME//\*/wildcard}
CERT=$DIR/$STEM.crt
KEY=$DIR/$STEM.key
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

# openssl req prints progress on stderr; keep it only for a failure.
if ! openssl req -x509 "${KEY_ARGS[@]}" -nodes -sha256 -days 30 \
    -subj "/CN=$NAME" -addext "subjectAltName=DNS:$NAME" \
    -keyout "$KEY" -out "$CERT" 2>"$LOG"; then
  cat "$LOG" >&2
  exit 1
fi
chmod 600 "$KEY"
echo "$CERT"
echo "$KEY"
