# What the run command (scripts/run.sh) and the cluster command
# (scripts/cluster.sh) share: the services in start order, each one's
# database and user, the development token key, the demo's people and data,
# and how to call the system. Sourced after mariadb.sh. The functions read
# the caller's $var (the command's state folder: pki/, run/, the demo's
# markers) and $build.

# The services, in start order: a service's callers start after it. Every
# service's port is chosen before any starts and FS_<SERVICE>_ADDRESS is
# exported for all of them (orders reads FS_WARRANTY_ADDRESS,
# FS_SCHEDULING_ADDRESS and FS_CALLBACK_ADDRESS; scheduling reads FS_ORDERS_ADDRESS; callback
# reads FS_ORDERS_ADDRESS and FS_SCHEDULING_ADDRESS; an outbox holds the messages to a service
# until it is up).
SERVICES=(warranty scheduling callback orders)

# The demo's people: "user roles what" (roles: data/access/policy.txt). The
# technicians are tools/demo_technicians.cc's; each gets a token for the
# demo's steps in their app.
DEMO_USERS=(
  "agent-1001 agent 话务员: takes calls, sees phones"
  "agent-1002 agent 话务员"
  "disp-01 dispatcher 派工员: the queue, candidates, technicians"
  "disp-02 dispatcher 派工员"
  "cb-01 callback_agent 回访员: claims and runs callbacks"
  "sup-01 supervisor 客服主管: acts for any agent, reports"
  "cs-01 service_centre 客服中心: approves exchanges"
  "qa-01 quality 质量部: quality sheets, sales figures, reports"
  "ops-01 operator 运维: service status"
  "cat-admin catalogue_admin 三包 catalogues"
)
DEMO_TECHNICIANS=(
  "tech-0007 technician 上海 赵强: washing machines, fridges; 小天鹅 海尔"
  "tech-0008 technician 上海 钱磊: washing machines; 小天鹅 美的"
  "tech-0009 technician 上海 孙敏: air conditioners; 格力"
  "tech-0010 technician 上海 周杰: washing machines; 小天鹅 (on leave)"
  "tech-0011 technician 上海 冯涛: televisions; 海信 (late shifts)"
  "tech-0012 technician 上海 陈刚: fridges, air conditioners; 海尔 格力 (late shifts)"
  "tech-0021 technician 广州 吴芳: fridges; 海尔 美的"
  "tech-0022 technician 广州 郑伟: washing machines, microwaves; 美的"
  "tech-0023 technician 广州 王军: air conditioners; 格力 美的 (late shifts)"
  "tech-0024 technician 广州 李婷: fridges, washing machines; 海尔 美的 (on leave)"
  "tech-0025 technician 广州 陈晨: microwaves, televisions; 美的 海信"
)

# fs_service_password SECRETS_DIR SERVICE: the service's database password,
# made once (random) and kept in SECRETS_DIR/SERVICE.password, readable by
# the owner only; the services read it from that file (FS_DB_PASSWORD_FILE).
fs_service_password() {
  local secret="$1/$2.password"
  [ -f "$secret" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$secret")
  cat "$secret"
}

# fs_service_database_sql SERVICE PASSWORD: the SQL making the service's
# database and its user (from 127.0.0.1, all rights on that database only).
fs_service_database_sql() {
  echo "CREATE DATABASE IF NOT EXISTS \`$1\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    CREATE USER IF NOT EXISTS '$1'@'127.0.0.1' IDENTIFIED BY '$2';
    GRANT ALL PRIVILEGES ON \`$1\`.* TO '$1'@'127.0.0.1';"
}

# fs_dev_token_key: the development token key (made once, kept in
# $var/pki) and the key set the services check tokens against
# ($var/pki/jwks.json); sets fs_token (the signing tool) and token_key. A real
# identity provider replaces both: point FS_JWKS at its jwks_uri (README
# "Identity, roles and the access policy").
fs_dev_token_key() {
  fs_token="$build/tools/fs_token"
  token_key="$var/pki/dev-token-key.pem"
  [ -f "$token_key" ] || "$fs_token" keygen --out "$token_key" >/dev/null
  "$fs_token" jwks --key "$token_key" > "$var/pki/jwks.json"
}

demo_token() {  # USER ROLES FILE: a short-lived development token for the demo's steps
  (umask 077; "$fs_token" sign --key "$token_key" --user "$1" --roles "$2" --ttl 10m > "$3")
}

# fs_demo_load: demo data through the public APIs of the services at
# FS_ORDERS_ADDRESS, FS_SCHEDULING_ADDRESS and FS_CALLBACK_ADDRESS (after
# fs_dev_token_key), each part once (a marker per part in $var, so a var/
# from before still gets the parts added since: the technicians' marker is v2
# since Guangzhou got its own team; the same request ids keep the first ones
# as they were).
fs_demo_load() {
  local tokens tech closed
  if [ -x "$build/tools/fs_demo" ]; then
    if [ ! -f "$var/demo-technicians-v2-loaded" ]; then
      demo_token disp-01 dispatcher "$var/run/demo-dispatcher.jwt"
      "$build/tools/fs_demo" --orders= --scheduling_address="$FS_SCHEDULING_ADDRESS" \
        --tls_ca="$var/pki/ca.pem" --dispatcher_token_file="$var/run/demo-dispatcher.jwt" &&
        touch "$var/demo-technicians-v2-loaded"
      rm -f "$var/run/demo-dispatcher.jwt"
    fi
    if [ ! -f "$var/demo-loaded" ]; then
      demo_token agent-1001 agent "$var/run/demo-agent.jwt"
      # --scheduling_address= : the technicians are the part above (FS_SCHEDULING_ADDRESS
      # in the environment would otherwise ask for them again).
      "$build/tools/fs_demo" --orders="$FS_ORDERS_ADDRESS" --scheduling_address= \
        --tls_ca="$var/pki/ca.pem" \
        --token_file="$var/run/demo-agent.jwt" && touch "$var/demo-loaded"
      rm -f "$var/run/demo-agent.jwt"
    fi
    # Orders in every status: the agent takes them, the dispatcher assigns or
    # books, and the technician each job went to takes its steps in the app.
    if [ ! -f "$var/demo-lifecycle-loaded" ] && [ -f "$var/demo-technicians-v2-loaded" ]; then
      tokens="$var/run/demo-tokens"
      mkdir -p "$tokens"
      demo_token agent-1001 agent "$tokens/agent.jwt"
      demo_token disp-01 dispatcher "$tokens/dispatcher.jwt"
      for tech in "${DEMO_TECHNICIANS[@]}"; do
        demo_token "${tech%% *}" technician "$tokens/${tech%% *}.jwt"
      done
      "$build/tools/fs_demo" --lifecycle=true --orders="$FS_ORDERS_ADDRESS" \
        --scheduling_address="$FS_SCHEDULING_ADDRESS" --tls_ca="$var/pki/ca.pem" \
        --token_file="$tokens/agent.jwt" --dispatcher_token_file="$tokens/dispatcher.jwt" \
        --technician_token_dir="$tokens" && touch "$var/demo-lifecycle-loaded"
      rm -rf "$tokens"
    fi
    # The completed demo visit's callback is due from the working day after
    # the visit: on each start until then, the callback agent looks; once it
    # is due they run the survey, the customer is satisfied, the order closes.
    if [ ! -f "$var/demo-callback-closed" ] && [ -f "$var/demo-lifecycle-loaded" ]; then
      demo_token agent-1001 agent "$var/run/demo-agent.jwt"
      demo_token cb-01 callback_agent "$var/run/demo-callback-agent.jwt"
      closed=0
      "$build/tools/fs_demo" --close_callback=true --orders="$FS_ORDERS_ADDRESS" \
        --callback_address="$FS_CALLBACK_ADDRESS" --tls_ca="$var/pki/ca.pem" \
        --token_file="$var/run/demo-agent.jwt" \
        --callback_agent_token_file="$var/run/demo-callback-agent.jwt" || closed=$?
      rm -f "$var/run/demo-agent.jwt" "$var/run/demo-callback-agent.jwt"
      if [ "$closed" -eq 0 ]; then touch "$var/demo-callback-closed"; fi
    fi
  fi
}

# How to call the system from any gRPC client: the CA to trust, and a token
# for each demo user (roles: data/access/policy.txt).
fs_print_access() {
  local user name roles note
  echo "TLS       every port; trust the CA $var/pki/ca.pem (certificates name localhost and 127.0.0.1)"
  echo "tokens    sign=\"$fs_token sign --key $token_key\""
  echo "          each line prints a user's token; send it as  authorization: Bearer <token>"
  for user in "${DEMO_USERS[@]}" "${DEMO_TECHNICIANS[@]}"; do
    read -r name roles note <<<"$user"
    printf '          $sign --user %-10s --roles %-15s # %s\n' "$name" "$roles" "$note"
  done
}

# One instance of a command per state folder, found by the pid file it
# writes (run/run.pid, run/cluster.pid).
# fs_instance_running PIDFILE: whether the command that wrote it still runs.
fs_instance_running() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}
# fs_claim_instance PIDFILE: refuses to start a second one, else records this one.
fs_claim_instance() {
  if fs_instance_running "$1"; then
    echo "already running (pid $(cat "$1")); use: $0 stop" >&2
    exit 1
  fi
  echo $$ >"$1"
}
# fs_stop_instance PIDFILE: asks the running one to stop and waits until it has.
fs_stop_instance() {
  kill -TERM "$(cat "$1")"
  while kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; do sleep 0.2; done
}
