#!/bin/bash
# First start of the compose MariaDB: one database and one user per service.
set -euo pipefail
# The root password by environment, not -p on the command line (`ps`).
MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb -uroot <<SQL
CREATE DATABASE IF NOT EXISTS orders CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS 'orders'@'%' IDENTIFIED BY '${FS_ORDERS_DB_PASSWORD}';
GRANT ALL PRIVILEGES ON orders.* TO 'orders'@'%';
CREATE DATABASE IF NOT EXISTS warranty CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS 'warranty'@'%' IDENTIFIED BY '${FS_WARRANTY_DB_PASSWORD}';
GRANT ALL PRIVILEGES ON warranty.* TO 'warranty'@'%';
CREATE DATABASE IF NOT EXISTS scheduling CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS 'scheduling'@'%' IDENTIFIED BY '${FS_SCHEDULING_DB_PASSWORD}';
GRANT ALL PRIVILEGES ON scheduling.* TO 'scheduling'@'%';
CREATE DATABASE IF NOT EXISTS callback CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS 'callback'@'%' IDENTIFIED BY '${FS_CALLBACK_DB_PASSWORD}';
GRANT ALL PRIVILEGES ON callback.* TO 'callback'@'%';
SQL
