#!/usr/bin/env python3
"""An Offload worker in Python, standard library only, speaking the HTTP worker protocol.

It long-polls POST /v1/workers/claim for its task types, runs each leased task in a thread,
renews the lease (heartbeat) while the handler works, reports progress, and ends the attempt
with complete or fail. A heartbeat answering cancelRequested stops the handler at its next
check; a 409 lease-lost means the attempt is over (the lease expired and the task went to
another worker, or it passed its deadline): the handler's result is dropped.

  OFFLOAD_URL=http://127.0.0.1:3000 OFFLOAD_WORKER_KEY=ok_... \\
  OFFLOAD_TYPES=py-square OFFLOAD_CONCURRENCY=4 python3 worker.py

Write your own handlers in HANDLERS: handler(input, task) -> result (JSON), where task.progress(),
task.cancelled() and task.attempt are there to use; raise Failure(..., permanent=True) to fail
without retry, any other exception to fail and be retried with backoff.
"""

import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request


class Failure(Exception):
    def __init__(self, message, permanent=False, retry_after_seconds=None):
        super().__init__(message)
        self.permanent = permanent
        self.retry_after_seconds = retry_after_seconds


class LeaseLost(Exception):
    """The attempt is over on the server: stop, record nothing."""


class Client:
    def __init__(self, base_url, key):
        self.base_url = base_url.rstrip("/")
        self.key = key

    def post(self, path, body, timeout=30):
        data = json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data, method="POST")
        req.add_header("Authorization", "Bearer " + self.key)
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                return res.status, json.loads(res.read() or b"null")
        except urllib.error.HTTPError as err:
            payload = err.read()
            try:
                return err.code, json.loads(payload)
            except ValueError:
                return err.code, {"detail": payload.decode(errors="replace")}


class Task:
    """One leased attempt, as a handler sees it."""

    def __init__(self, client, leased):
        self.client = client
        self.id = leased["id"]
        self.type = leased["type"]
        self.input = leased["input"]
        self.attempt = leased["attempt"]
        self.token = leased["leaseToken"]
        self.heartbeat_seconds = max(0.2, float(leased["heartbeatSeconds"]))
        self._cancel = threading.Event()
        self._lost = threading.Event()

    def _report(self, what, body):
        status, answer = self.client.post("/v1/leases/%s/%s" % (self.token, what), body)
        if status == 409:
            self._lost.set()
            raise LeaseLost(answer.get("detail", "lease lost"))
        if status >= 400:
            raise RuntimeError("%s answered %s: %s" % (what, status, answer))
        if answer and answer.get("cancelRequested"):
            self._cancel.set()
        return answer

    def progress(self, percent=None, message=None):
        body = {}
        if percent is not None:
            body["percent"] = percent
        if message is not None:
            body["message"] = message
        self._report("progress", body)

    def cancelled(self):
        return self._cancel.is_set() or self._lost.is_set()

    def sleep(self, seconds):
        """Sleeps, but wakes at once on a cancel or a lost lease."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and not self.cancelled():
            time.sleep(min(0.05, max(0, end - time.monotonic())))

    def heartbeat_loop(self, stop):
        while not stop.wait(self.heartbeat_seconds):
            try:
                self._report("heartbeat", {})
            except LeaseLost:
                return
            except Exception as err:  # the network may blip; the lease has room for a missed beat
                log("heartbeat failed", taskId=self.id, error=str(err))


def square(value, task):
    """The demo type: reports progress, squares input.n, fails on request."""
    task.progress(50, "squaring %s" % value.get("n"))
    slow = value.get("slowFirstAttemptMs", 0) if task.attempt == 1 else 0
    task.sleep((value.get("sleepMs", 0) + slow) / 1000)
    if task.cancelled():
        raise Failure("stopped: cancel requested")
    if value.get("fail"):
        raise Failure(value.get("fail"), permanent=True)
    return {"square": value["n"] * value["n"], "by": "python", "attempt": task.attempt}


HANDLERS = {"py-square": square}


def log(msg, **fields):
    print(json.dumps(dict(msg=msg, **fields)), flush=True)


def run_one(client, leased, slots):
    task = Task(client, leased)
    log("claimed", taskId=task.id, leaseToken=task.token, attempt=task.attempt)
    stop = threading.Event()
    beat = threading.Thread(target=task.heartbeat_loop, args=(stop,), daemon=True)
    beat.start()
    try:
        handler = HANDLERS.get(task.type)
        if handler is None:
            raise Failure("no handler for type %s" % task.type, permanent=True)
        result = handler(task.input, task)
        stop.set()
        task._report("complete", {"result": result})
        log("completed", taskId=task.id)
    except LeaseLost as err:
        log("lease lost", taskId=task.id, detail=str(err))
    except Failure as err:
        stop.set()
        body = {"message": str(err)[:4000], "permanent": err.permanent}
        if err.retry_after_seconds is not None:
            body["retryAfterSeconds"] = err.retry_after_seconds
        try_report(task, "fail", body)
    except Exception as err:
        stop.set()
        try_report(task, "fail", {"message": ("%s: %s" % (type(err).__name__, err))[:4000]})
    finally:
        stop.set()
        slots.release()


def try_report(task, what, body):
    try:
        task._report(what, body)
        log("failed", taskId=task.id)
    except LeaseLost as err:
        log("lease lost", taskId=task.id, detail=str(err))
    except Exception as err:
        log("report failed", taskId=task.id, error=str(err))


def main():
    client = Client(os.environ.get("OFFLOAD_URL", "http://127.0.0.1:3000"), os.environ["OFFLOAD_WORKER_KEY"])
    types = [t for t in os.environ.get("OFFLOAD_TYPES", ",".join(HANDLERS)).split(",") if t]
    concurrency = int(os.environ.get("OFFLOAD_CONCURRENCY", "4"))
    worker_id = os.environ.get("OFFLOAD_WORKER_ID", "python-%d" % os.getpid())
    slots = threading.BoundedSemaphore(concurrency)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    log("worker started", types=types, concurrency=concurrency, workerId=worker_id)
    while not stopping.is_set():
        slots.acquire()
        free = 1
        while free < concurrency and slots.acquire(blocking=False):
            free += 1
        try:
            status, answer = client.post(
                "/v1/workers/claim", {"types": types, "max": free, "waitSeconds": 5, "workerId": worker_id}, timeout=15
            )
        except Exception as err:
            status, answer = 0, {"detail": str(err)}
        leased = answer.get("tasks", []) if status == 200 else []
        if status != 200:
            log("claim failed", status=status, detail=answer.get("detail"))
            time.sleep(1)
        for _ in range(free - len(leased)):
            slots.release()
        for item in leased:
            threading.Thread(target=run_one, args=(client, item, slots), daemon=True).start()
    for _ in range(concurrency):  # let running attempts finish
        slots.acquire()
    log("worker stopped")


if __name__ == "__main__":
    sys.exit(main())
