#!/bin/sh
# HAProxy's health check of a Galera node (haproxy.sh's external-check): the
# node passes when it takes a login from the check user and reports itself
# Synced. A node that answers but is joining, a donor, desynced or cut off
# from the cluster's primary component would fail every statement sent to it
# (or stall writes): it is taken out of the rotation as a stopped one is.
# HAProxy runs it as: galera_check.sh PROXY_ADDR PROXY_PORT NODE_ADDR NODE_PORT
state="$(mariadb --no-defaults --host="$3" --port="$4" --user="${FS_HAPROXY_CHECK_USER:-haproxy_check}" \
  --connect-timeout=1 -N -B -e "SHOW GLOBAL STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null |
  cut -f2)"
[ "$state" = Synced ]
