"""``manage.py receive_hj212 --host 0.0.0.0 --port 9000``: the HJ 212-2017 TCP receiver."""

import asyncio

from django.core.management.base import BaseCommand

from monitoring.receiver import Receiver


class Command(BaseCommand):
    help = "Receive HJ 212-2017 packets over TCP, store hourly data and answer (CN=9014)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=9000)
        parser.add_argument("--flush-seconds", type=float, default=1.0)

    def handle(self, *args, host, port, flush_seconds, **options):
        async def main():
            receiver = Receiver(host=host, port=port, flush_seconds=flush_seconds)
            server = await receiver.start()
            self.stdout.write(f"Receiving HJ 212 packets on {host}:{receiver.port}")
            async with server:
                try:
                    await server.serve_forever()
                finally:
                    await receiver.stop()

        try:
            asyncio.run(main())
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
