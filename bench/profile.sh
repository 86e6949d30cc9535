#!/usr/bin/env bash
# profile.sh LABEL URL [HEADER]: a CPU profile of the running Portico server while one query is under the
# kit's load (wrk -t2 -c16): WARM seconds (default 30) of load first, so the JIT has compiled the request
# path, then async-profiler attached for SECONDS (default 20) of the same load. Samples every thread's CPU,
# native and kernel frames included (JFR sees only Java frames). Writes $BENCH_WORK/profile-LABEL.collapsed
# (one stack per line, for flame-graph tools) and prints the hottest frames and the share of each layer.
# async-profiler comes from Maven Central (tools.profiler:async-profiler, fetched once into ~/.m2).
# Called by `PROFILE=1 bash bench/services.sh`; Linux only.
set -euo pipefail
label=$1 url=$2 header=${3:-}
version=4.1
jar=~/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar
[ -f "$jar" ] || mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$version >/dev/null
lib=${BENCH_WORK:-/tmp/portico-bench}/async-profiler/linux-x64/libasyncProfiler.so
[ -f "$lib" ] || unzip -q -o "$jar" 'linux-x64/*' -d "$(dirname "$(dirname "$lib")")"
pid=$(pgrep -f 'portico.jar serve' | head -1)
out=${BENCH_WORK:-/tmp/portico-bench}/profile-$label.collapsed
event=cpu; [ "$(cat /proc/sys/kernel/perf_event_paranoid)" -le 1 ] || [ "$(id -u)" = 0 ] || event=itimer
wrk -t2 -c16 -d"${WARM:-30}"s ${header:+-H "$header"} "$url" >/dev/null
# jcmd reads name=value pairs out of its arguments: the options go inside quotes of their own
jcmd "$pid" JVMTI.agent_load "$lib" "\"start,event=$event,interval=1ms\"" >/dev/null
wrk -t2 -c16 -d"${SECONDS_PROFILED:-20}"s ${header:+-H "$header"} "$url" | awk '/Requests\/sec/{print "'"$label"': " $2 " rps while profiled"}'
jcmd "$pid" JVMTI.agent_load "$lib" "\"stop,collapsed,file=$out\"" >/dev/null
python3 - "$out" <<'PY'
import collections, sys
stacks = [line.rsplit(' ', 1) for line in open(sys.argv[1]) if line.strip()]
total = sum(int(n) for _, n in stacks)
# the layer a sample belongs to: the first rule (in this order) whose text appears in its stack
layers = [("PostgreSQL driver", "org/postgresql"), ("HikariCP", "com/zaxxer"), ("JSON (Jackson)", "com/fasterxml"),
          ("filters and SQL", "dev/portico/filter"), ("records (restapi)", "dev/portico/restapi"),
          ("access and auth", "dev/portico/auth"), ("Portico HTTP handlers", "dev/portico/http"),
          ("Javalin", "io/javalin"), ("Jetty", "org/eclipse/jetty"), ("JIT compiler", "CompileBroker"),
          ("GC", "G1"), ("other", "")]
by_layer = collections.Counter()
self_time = collections.Counter()
for stack, n in stacks:
    frames = stack.split(';')
    self_time[frames[-1]] += int(n)
    by_layer[next(name for name, text in layers if text in stack)] += int(n)
print(f"{total} samples")
for name, _ in layers:
    print(f"  {100 * by_layer[name] / total:5.1f} %  {name} (innermost layer named in the stack)")
print("hottest frames (self):")
for frame, n in self_time.most_common(25):
    print(f"  {100 * n / total:5.1f} %  {frame}")
PY
echo "collapsed stacks: $out"
