"""Starts and stops the emulator binary for the official client's scripts.

The client's development mode (AS_DEV=1) talks only to 127.0.0.1:8181, so the
binary listens there, with seed.json, a frozen clock and a temporary data dir,
and is stopped with Ctrl-C (SIGINT), whose exit code the caller checks.
"""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PORT = 8181


def wait_for_port(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"emulator did not listen on {port} within {seconds}s")


class Emulator:
    """The running binary: `with Emulator(binary) as emu:`; `emu.exit_code` after."""

    def __init__(self, binary, log_to_file=False):
        self.binary = binary
        self.log_to_file = log_to_file
        self.exit_code = None

    def __enter__(self):
        self.data_dir = tempfile.mkdtemp(prefix="accsyn-emulator-py-")
        self.log = os.path.join(self.data_dir, "emulator.log")
        stderr = open(self.log, "w") if self.log_to_file else None
        self.proc = subprocess.Popen(
            [self.binary, "--listen", f"127.0.0.1:{PORT}", "--time-scale", "0",
             "--seed", os.path.join(HERE, "seed.json"), "--data-dir", self.data_dir],
            stdout=subprocess.DEVNULL if self.log_to_file else None, stderr=stderr)
        try:
            wait_for_port(PORT)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        os.environ["AS_DEV"] = "1"
        return self

    def log_tail(self, lines=40):
        """The last lines the binary logged (when logging to a file)."""
        if not os.path.exists(self.log):
            return ""
        with open(self.log) as log:
            return "".join(log.readlines()[-lines:])

    def __exit__(self, *_):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.exit_code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.exit_code = "killed"
        return False

    def remove_data_dir(self):
        shutil.rmtree(self.data_dir, ignore_errors=True)
