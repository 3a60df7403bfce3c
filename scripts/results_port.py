#!/usr/bin/env python3
"""Unpacks a guest's results port (the file QEMU wrote for ttyS1; the format is in
scripts/guest/init) into a results folder: output (the scenario's output), status (its
exit status) and the files the scenario left in /results.

  results_port.py PORT_FILE RESULTS_DIR

Exit status 0 when every section arrived whole; otherwise 1 and one line on stdout that
says what was lost. What did arrive of the output is written either way, so that a run
that stopped halfway still shows how far it got.
"""
import base64
import binascii
import hashlib
import io
import re
import sys
import tarfile
from pathlib import Path

BEGIN = b"rtsched-output-begin\n"
OUTPUT_END = re.compile(rb"rtsched-output-end bytes=(\d+) sha256=([0-9a-f]{64})\n")
ARCHIVE = re.compile(rb"rtsched-archive-begin\n(.*?)"
                     rb"rtsched-archive-end bytes=(\d+) sha256=([0-9a-f]{64})\n", re.S)
END = re.compile(rb"rtsched-end status=(\d+)\n")


class Lost(Exception):
    pass


def verified(data, size, digest, what):
    if len(data) != int(size):
        raise Lost(f"{what}: {len(data)} bytes arrived, the guest sent {int(size)}")
    if hashlib.sha256(data).hexdigest().encode() != digest:
        raise Lost(f"{what}: checksum differs from the guest's")
    return data


def unpack(port, results):
    """Writes what arrived into `results`; raises Lost naming what did not."""
    start = port.find(BEGIN)
    if start < 0:
        raise Lost("no output-begin marker: the guest never reached its init")
    body = port[start + len(BEGIN):]
    ends = list(OUTPUT_END.finditer(body))
    if not ends:
        (results / "output").write_bytes(body)
        raise Lost("no output-end marker: the guest stopped while its scenario ran")
    end = ends[-1]
    output = body[:end.start()]
    (results / "output").write_bytes(output)
    verified(output, end.group(1), end.group(2), "scenario output")
    rest = body[end.end():]
    archive = ARCHIVE.search(rest)
    if not archive:
        raise Lost("no complete archive section: the guest stopped while sending its files")
    try:
        tar = base64.b64decode(archive.group(1), validate=False)
    except binascii.Error as e:
        raise Lost(f"archive: not base64 ({e})") from e
    verified(tar, archive.group(2), archive.group(3), "archive")
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        t.extractall(results, filter="data")
    status = END.search(rest, archive.end())
    if not status:
        raise Lost("no end line: the guest stopped before sending its exit status")
    # After the archive: the guest's output file, not one the scenario left, is the output.
    (results / "output").write_bytes(output)
    (results / "status").write_text(status.group(1).decode() + "\n")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: results_port.py PORT_FILE RESULTS_DIR")
    port_file, results = Path(sys.argv[1]), Path(sys.argv[2])
    results.mkdir(parents=True, exist_ok=True)
    try:
        unpack(port_file.read_bytes() if port_file.exists() else b"", results)
    except (Lost, tarfile.TarError) as e:
        print(f"results port ({port_file.name}): {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
