#!/usr/bin/env python3
"""Bounded load client for scripts/faults.sh (standard library only; loopback targets only).

Sends OpenAI-style chat requests to the sample gateway for a fixed time or count, with a fixed concurrency, and
records the id of every accepted (HTTP 200) request so the caller can check each one was persisted exactly once.

  loadgen.py --url http://127.0.0.1:PORT --key KEY --seconds 60 --concurrency 16 --ids accepted.txt
  loadgen.py ... --hostile 10000      # send N generated hostile strings instead of plain prompts
Prints one JSON summary line: sent, accepted, status histogram, 5xx, connection errors, leaks.
"""
import argparse
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

LEAK_MARKERS = ("MySqlConnector", "MySqlException", "SQL syntax", "Duplicate entry", "Data too long", "at GatewayPersistence.", "   at ")


def hostile_strings(count, seed=20261127):
    rng = random.Random(seed)
    pieces = [
        "😀", "👩‍💻", "🏳️‍🌈", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "中文字符", "日本語テキスト", "한국어", "e\u0301\u0302\u0303", "\u200b\u200d\ufeff",
        "\u0000", "'", "\"", "\\", "\\\\'", "`", "'; DROP TABLE users; --", "\" OR 1=1 --", "%s%n%x", "${jndi:ldap://x}",
        "<script>alert(1)</script>", "\r\n", "\t", "Robert'); DELETE FROM api_requests;--", "\\u0000", "\ud800", "\udfff",
        "a" * 300, "🙂" * 200, "NULL", "\x7f", "\u2028\u2029", "ЁЖЗ", "العربية", "\U0010ffff",
    ]
    for _ in range(count):
        yield "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))


def encode_json(payload):
    # ensure_ascii keeps lone surrogates as \\udXXX escapes, which JSON allows and the server must survive.
    return json.dumps(payload, ensure_ascii=True).encode("ascii")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = 0
        self.statuses = {}
        self.connection_errors = 0
        self.leaks = []
        self.ids = []

    def record(self, status, body, request_id):
        with self.lock:
            self.sent += 1
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if request_id:
                self.ids.append(request_id)
            if body and status >= 400:
                text = body.decode("utf-8", "replace")
                for marker in LEAK_MARKERS:
                    if marker in text and len(self.leaks) < 20:
                        self.leaks.append(text[:300])
                        break

    def error(self):
        with self.lock:
            self.sent += 1
            self.connection_errors += 1


def worker(args, stats, deadline, jobs, host, port):
    connection = None
    while time.monotonic() < deadline:
        try:
            body, headers = next(jobs)
        except StopIteration:
            return
        except ValueError:  # generator already running in another thread
            time.sleep(0.001)
            continue
        try:
            if connection is None:
                connection = http.client.HTTPConnection(host, port, timeout=30)
            connection.request("POST", "/v1/chat/completions", body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            request_id = None
            if response.status == 200:
                request_id = json.loads(data).get("id")
            stats.record(response.status, data, request_id)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException):
            stats.error()
            if connection is not None:
                connection.close()
            connection = None
            time.sleep(0.05)


def make_jobs(args):
    headers = {"Authorization": f"Bearer {args.key}", "Content-Type": "application/json"}
    if args.hostile:
        big = "x" * (16 * 1024 * 1024)
        for index, text in enumerate(hostile_strings(args.hostile)):
            payload = {"model": args.model, "messages": [{"role": "user", "content": text}], "user": text[:64]}
            if index % 7 == 0:
                payload["model"] = text  # an unknown / hostile model name must be a 4xx or handled, never a 5xx
            request_headers = dict(headers)
            request_headers["User-Agent"] = urllib.parse.quote(text[:200].encode("utf-8", "surrogatepass"), safe="")
            yield encode_json(payload), request_headers
            if index % 2500 == 0:
                yield encode_json({"model": args.model, "messages": [{"role": "user", "content": big}]}), headers
        return
    counter = 0
    refused_headers = dict(headers, **{"User-Agent": "faults-refuse"})
    while True:
        counter += 1
        prompt = f"request {counter}: summarise the benefits of write-behind logging in one sentence."
        refuse = args.refuse_every > 0 and counter % args.refuse_every == 0
        yield encode_json({"model": args.model, "messages": [{"role": "user", "content": prompt}]}), (refused_headers if refuse else headers)


class SafeIterator:
    def __init__(self, iterator):
        self.iterator = iterator
        self.lock = threading.Lock()

    def __next__(self):
        with self.lock:
            return next(self.iterator)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--model", default="gpt-4o-mini")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--ids", help="file receiving the id of every accepted request, one per line")
    parser.add_argument("--hostile", type=int, default=0, help="send this many hostile strings")
    parser.add_argument("--refuse-every", type=int, default=0,
                        help="every Nth request carries User-Agent faults-refuse (a CHECK constraint staged by the caller refuses it)")
    args = parser.parse_args()

    target = urllib.parse.urlparse(args.url)
    if target.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("loadgen only targets loopback addresses")

    stats = Stats()
    jobs = SafeIterator(make_jobs(args))
    deadline = time.monotonic() + args.seconds
    threads = [threading.Thread(target=worker, args=(args, stats, deadline, jobs, target.hostname, target.port), daemon=True)
               for _ in range(args.concurrency)]
    for thread in threads:
        thread.start()
    # One deadline for all the joins (a request outlives the load phase by at most its 30 s socket timeout).
    join_deadline = time.monotonic() + args.seconds + 60
    for thread in threads:
        thread.join(timeout=max(0.0, join_deadline - time.monotonic()))

    if args.ids:
        with open(args.ids, "w", encoding="ascii") as handle:
            handle.writelines(i + "\n" for i in stats.ids)
    print(json.dumps({
        "sent": stats.sent, "accepted": len(stats.ids), "statuses": stats.statuses,
        "server_errors": sum(v for k, v in stats.statuses.items() if k >= 500),
        "connection_errors": stats.connection_errors, "leaks": stats.leaks,
    }))


if __name__ == "__main__":
    main()
