"""The TCP receiver with a real socket: packets in, rows stored, the standard's answer out."""

import asyncio
import socket
import threading
import time

import pytest

from monitoring import hj212
from monitoring.models import HourlyValue, RejectedPacket
from monitoring.receiver import Receiver
from tests.factories.monitoring import DeviceFactory


def _packet(mn: str, hour: int, flag: int = 5) -> bytes:
    return hj212.frame(
        f"QN=20250901{hour:02d}0000123;ST=31;CN=2061;PW=123456;MN={mn};Flag={flag};CP=&&"
        f"DataTime=20250901{hour:02d}0000;a34013-Avg=4.{hour},a34013-Flag=N;"
        f"a21026-Avg=12.5,a21026-ZsAvg=14.1,a21026-Flag=N&&"
    )


@pytest.fixture
def receiver(transactional_db, reference_data):
    loop = asyncio.new_event_loop()
    rec = Receiver(port=0, flush_seconds=0.2)
    ready = threading.Event()

    def run():
        asyncio.set_event_loop(loop)
        loop.run_until_complete(rec.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(5)
    yield rec
    asyncio.run_coroutine_threadsafe(rec.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def _read_answers(sock: socket.socket, n: int, timeout: float = 10) -> list[bytes]:
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while data.count(b"\r\n") < n and time.monotonic() < deadline:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return [line + b"\r\n" for line in data.split(b"\r\n") if line]


def test_packets_over_a_real_socket_are_stored_and_answered(receiver):
    device = DeviceFactory()
    bad_crc = _packet(device.mn, 3)[:-6] + b"0000\r\n"
    unknown = _packet("NOSUCHDEVICE01", 4)
    with socket.create_connection(("127.0.0.1", receiver.port), timeout=5) as sock:
        sock.sendall(_packet(device.mn, 1) + _packet(device.mn, 2, flag=4) + bad_crc + unknown)
        sock.sendall(b"##9999" + b"A" * 20000 + b"\r\n")  # far too long: refused, link kept
        sock.sendall(_packet(device.mn, 5))
        answers = _read_answers(sock, 2)
    parsed = [hj212.parse(a) for a in answers]
    assert [(p.cn, p.st, p.qn) for p in parsed] == [
        ("9014", "91", "20250901010000123"), ("9014", "91", "20250901050000123"),
    ]  # fmt: skip
    deadline = time.monotonic() + 10
    while RejectedPacket.objects.count() < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert HourlyValue.objects.filter(point=device.point).count() == 6  # 3 packets × 2 values
    reasons = sorted(RejectedPacket.objects.values_list("reason", flat=True))
    assert reasons == ["bad_crc", "oversized", "unknown_mn"]
