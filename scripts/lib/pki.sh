# The private certificate authority and certificates the services use for TLS
# and mutual TLS, made with Debian's openssl. Sourced by run.sh (keeps them in
# var/pki) and test.sh (in its temporary folder). Keys are EC P-256, readable
# by the owner only.
#
#   fs_pki_ensure DIR NAME...
#
# makes, when missing: DIR/ca.pem and DIR/ca.key (the CA, 10 years), and for
# each NAME DIR/NAME.pem and DIR/NAME.key: a certificate with CN=NAME and the
# subject names NAME, localhost and 127.0.0.1, usable by a server and as a
# client certificate (a service presents it when it calls another service,
# which learns the caller's name from the CN). Existing files are kept, so a
# restart keeps the certificates clients already trust.

fs_pki_key() {
  (umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null)
}

fs_pki_ensure() {
  local dir="$1"; shift
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/ca.pem" ] || [ ! -f "$dir/ca.key" ]; then
    fs_pki_key "$dir/ca.key"
    openssl req -x509 -new -key "$dir/ca.key" -sha256 -days 3650 \
      -subj "/O=fieldservice/CN=fieldservice private CA" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -out "$dir/ca.pem" 2>/dev/null
  fi
  local name ext
  for name in "$@"; do
    [ -f "$dir/$name.pem" ] && [ -f "$dir/$name.key" ] && continue
    fs_pki_key "$dir/$name.key"
    ext="$(mktemp)"
    printf '%s\n' \
      "basicConstraints=critical,CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyAgreement" \
      "extendedKeyUsage=serverAuth,clientAuth" \
      "subjectAltName=DNS:$name,DNS:localhost,IP:127.0.0.1" > "$ext"
    openssl req -new -key "$dir/$name.key" -subj "/O=fieldservice/CN=$name" 2>/dev/null |
      openssl x509 -req -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 825 \
        -sha256 -extfile "$ext" -out "$dir/$name.pem" 2>/dev/null
    rm -f "$ext"
  done
}
