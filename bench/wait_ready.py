# Polls a URL until it answers 200 and prints the milliseconds since START_NS (from date +%s%N).
# Used by bench/startup.sh: a Python loop costs far less CPU than a curl process every 10 ms.
import sys, time, urllib.request
url, start_ns = sys.argv[1], int(sys.argv[2])
deadline = time.time() + 120
while time.time() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                print((time.time_ns() - start_ns) // 1_000_000); sys.exit(0)
    except Exception:
        pass
    time.sleep(0.01)
sys.exit(1)
