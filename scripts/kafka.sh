#!/usr/bin/env bash
# A real single-node Apache Kafka (KRaft: broker + controller in one JVM) on loopback.
#
#   scripts/kafka.sh start|stop|status|logs|reset|fetch
#
# The first start fetches Kafka and its jars from Maven Central (scripts/kafka/pom.xml) into
# the user's cache, so later starts are offline. Settings (environment):
#   LIVEGUARD_KAFKA_PORT     broker port (default 9092; the controller uses PORT+1)
#   LIVEGUARD_KAFKA_RUN_DIR  data + log folder (default <repo>/var/kafka-PORT)
#   LIVEGUARD_KAFKA_HEAP     JVM heap (default 512m)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/kafka/pom.xml")
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/liveguard/kafka
LIBS=$CACHE/libs-$KAFKA_VERSION
PORT=${LIVEGUARD_KAFKA_PORT:-9092}
CPORT=$((PORT + 1))
RUN=${LIVEGUARD_KAFKA_RUN_DIR:-$REPO/var/kafka-$PORT}
HEAP=${LIVEGUARD_KAFKA_HEAP:-512m}
PIDFILE=$RUN/kafka.pid
LOG=$RUN/kafka.log

say() { echo "kafka.sh: $*" >&2; }

fetch() {
  if [[ -f $LIBS/.complete ]]; then return 0; fi
  command -v java >/dev/null || { say "java not found (install a JDK 17+)"; exit 1; }
  command -v mvn >/dev/null || { say "mvn not found (install Maven)"; exit 1; }
  say "fetching Apache Kafka $KAFKA_VERSION from Maven Central into $LIBS"
  rm -rf "$LIBS.tmp"
  mvn -q -B -Dstyle.color=never -f "$HERE/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$LIBS.tmp"
  touch "$LIBS.tmp/.complete"
  rm -rf "$LIBS"
  mv "$LIBS.tmp" "$LIBS"
}

running() { [[ -f $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

write_config() {
  mkdir -p "$RUN/data"
  cat >"$RUN/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$RUN/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=24
PROPS
  cat >"$RUN/log4j2.properties" <<'PROPS'
status = warn
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.out.ref = out
logger.server.name = kafka.server.KafkaRaftServer
logger.server.level = info
PROPS
}

java_cmd() {
  java -Xmx"$HEAP" -Xms128m -XX:+UseSerialGC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$RUN/log4j2.properties" -cp "$LIBS/*" "$@"
}

start() {
  if running; then say "already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT"; return 0; fi
  if port_open; then say "port $PORT is taken by another process"; exit 1; fi
  fetch
  write_config
  if [[ ! -f $RUN/data/meta.properties ]]; then
    local id
    id=$(java_cmd kafka.tools.StorageTool random-uuid | tail -1)
    java_cmd kafka.tools.StorageTool format --standalone -t "$id" -c "$RUN/server.properties" >"$RUN/format.log" 2>&1 \
      || { cat "$RUN/format.log" >&2; exit 1; }
  fi
  nohup java -Xmx"$HEAP" -Xms128m -XX:+UseSerialGC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$RUN/log4j2.properties" -cp "$LIBS/*" \
    kafka.Kafka "$RUN/server.properties" >>"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  # Ready means the "started" log line and an open port; the bound only guards against a hang
  # (a JVM starting on two busy cores can take minutes, so it is generous).
  for _ in $(seq 1 600); do
    if ! running; then say "broker exited during start; last log lines:"; tail -20 "$LOG" >&2; exit 1; fi
    if port_open && grep -q "Kafka Server started" "$LOG"; then
      say "ready on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"), data $RUN)"; return 0
    fi
    sleep 0.5
  done
  say "broker did not answer within 300 s; see $LOG"; exit 1
}

stop() {
  if ! running; then say "not running"; rm -f "$PIDFILE"; return 0; fi
  local pid; pid=$(cat "$PIDFILE")
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then say "forcing stop"; kill -9 "$pid"; fi
  rm -f "$PIDFILE"
  say "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running pid $(cat "$PIDFILE") port $PORT"; else echo "stopped"; exit 3; fi ;;
  logs) tail -n "${2:-100}" "$LOG" ;;
  reset) stop; rm -rf "$RUN" ;;
  fetch) fetch ;;
  *) echo "usage: $0 start|stop|status|logs [N]|reset|fetch" >&2; exit 2 ;;
esac
