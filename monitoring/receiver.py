"""The HJ 212 TCP receiver (asyncio). Data-acquisition units connect and send packets framed
by CR LF; each packet is checked and stored, and a packet whose Flag asks for an answer gets
the standard's data answer (CN=9014). Packets are stored in small batches (every
``flush_seconds`` or ``batch_size`` packets) so a burst costs one COPY, not one per packet.
A refused packet is logged as a ``RejectedPacket`` (never a crash, never a partial row); a
line longer than the standard allows is refused and the connection goes on."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from . import hj212

log = logging.getLogger(__name__)
MAX_LINE = hj212.MAX_DATA_LENGTH + 12


@dataclass
class _Pending:
    raw: bytes
    writer: asyncio.StreamWriter
    origin: str


@dataclass
class Receiver:
    host: str = "127.0.0.1"
    port: int = 0
    flush_seconds: float = 1.0
    batch_size: int = 500
    idle_timeout: float = 600.0
    pending: list[_Pending] = field(default_factory=list)
    stored: int = 0
    refused: int = 0

    async def start(self) -> asyncio.base_events.Server:
        self.server = await asyncio.start_server(
            self._handle, self.host, self.port, limit=MAX_LINE * 4
        )
        self.port = self.server.sockets[0].getsockname()[1]
        self._flusher = asyncio.create_task(self._flush_loop())
        return self.server

    async def stop(self) -> None:
        self.server.close()
        await self.server.wait_closed()
        self._flusher.cancel()
        await self.flush()
        await sync_to_async(_close_connection, thread_sensitive=True)()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        origin = f"{peer[0]}:{peer[1]}" if peer else ""
        try:
            while True:
                try:
                    line = await asyncio.wait_for(reader.readuntil(b"\n"), self.idle_timeout)
                except asyncio.LimitOverrunError as exc:
                    # far too long for a packet: drop up to the next newline, refuse it
                    await reader.readexactly(exc.consumed)
                    self.pending.append(_Pending(b"##9999" + b"X" * 16, writer, origin))
                    continue
                except asyncio.IncompleteReadError as exc:
                    if exc.partial.strip():
                        self.pending.append(_Pending(exc.partial, writer, origin))
                    break
                if line.strip():
                    self.pending.append(_Pending(line, writer, origin))
                if len(self.pending) >= self.batch_size:
                    await self.flush()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            await self.flush()
            writer.close()

    async def _flush_loop(self) -> None:
        while True:
            await asyncio.sleep(self.flush_seconds)
            await self.flush()

    async def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            answers, stored, refused = await sync_to_async(_store, thread_sensitive=True)(
                [p.raw for p in batch], batch[0].origin
            )
        except Exception:  # the database may be down: keep serving, log it
            log.exception("storing %d HJ 212 packets failed", len(batch))
            return
        self.stored += stored
        self.refused += refused
        for item, answer in zip(batch, answers, strict=True):
            if answer and not item.writer.is_closing():
                item.writer.write(answer)
                with contextlib.suppress(ConnectionError):
                    await item.writer.drain()


def _close_connection() -> None:
    from django.db import connection

    connection.close()


def _store(raws: list[bytes], origin: str) -> tuple[list[bytes | None], int, int]:
    from .services import detect_flags, ingest_packets

    close_old_connections()
    batch = ingest_packets(raws, origin=origin)
    if batch.result.touched:
        detect_flags(batch.result.touched)
    return batch.answers, batch.result.stored, len(batch.rejected)
