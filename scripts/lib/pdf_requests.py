"""The PDFs attached to messages, and offerbox-pdf-worker's wire format (Sources/PDFWorker/worker.cpp),
for the scripts that feed the worker directly (scripts/bench/bench-pdf-worker, scripts/testing/check-systemd)."""

import email
import email.policy
import struct


def pdf_attachments(paths):
    """(path, file name, bytes) of every leaf of the messages at `paths` that is a PDF, in order."""
    for path in paths:
        with open(path, "rb") as file:
            message = email.message_from_binary_file(file, policy=email.policy.default)
        for part in message.walk():
            if part.is_multipart():
                continue
            body = part.get_payload(decode=True)
            if body and body.lstrip()[:5] == b"%PDF-":
                yield path, part.get_filename(), body


def request(pdf, pages):
    """One request: the PDF's length and the pages to read at most (big-endian), then the PDF."""
    return struct.pack(">II", len(pdf), pages) + pdf


def read_answer(stream):
    """(status, text) of one answer: status 0 text, 1 locked, 2 unreadable."""
    status, length = struct.unpack(">BI", stream.read(5))
    return status, stream.read(length)
