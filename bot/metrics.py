"""Operator metrics (Prometheus) and a health endpoint, on CAREERBOT_METRICS_PORT; off by default.

`Metrics` does nothing and imports nothing: it is what a process without a metrics port gets, so the default
start-up never loads prometheus_client. `PrometheusMetrics` serves, from a small HTTP server in its own thread:
- `/metrics`: messages seen; questions answered, ignored and limited by intent; understanding and reply latency;
  Discord errors by HTTP status; guilds and gateway latency per shard (read when scraped);
- `/healthz`: 200 only when every shard of this process is connected and the knowledge base is loaded, else 503
  with the reason.
"""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log = logging.getLogger(__name__)


class Metrics:
    """No metrics: every hook is free."""

    port: int | None = None

    def message_seen(self) -> None: ...
    def question(self, outcome: str, intent: str) -> None: ...
    def understood(self, seconds: float) -> None: ...
    def replied(self, seconds: float) -> None: ...
    def discord_error(self, status: int) -> None: ...
    def start(self, bot) -> None: ...
    def stop(self) -> None: ...


def create_metrics(port: int | None, host: str = "0.0.0.0") -> Metrics:
    return Metrics() if port is None else PrometheusMetrics(port, host)


def health(bot) -> tuple[bool, str]:
    """(healthy, reason): every shard this process runs is connected and the knowledge base is loaded."""
    if getattr(bot, "answerer", None) is None:
        return False, "knowledge base not loaded"
    if bot.is_closed() or not bot.is_ready():
        return False, "not connected to Discord"
    shards = getattr(bot, "shards", None)
    if shards:
        down = sorted(shard_id for shard_id, shard in shards.items() if shard.is_closed())
        if down:
            return False, "shards not connected: " + ", ".join(map(str, down))
    elif bot.ws is None or not getattr(bot.ws, "open", True):
        return False, "not connected to Discord"
    return True, "ok"


class PrometheusMetrics(Metrics):
    def __init__(self, port: int, host: str) -> None:
        try:
            from prometheus_client import CollectorRegistry, Counter, Histogram
        except ImportError:
            from bot.settings import SettingsError

            raise SettingsError("CAREERBOT_METRICS_PORT is set, but the metrics need prometheus-client: "
                                "pip install 'careerbot[metrics]'") from None

        self.requested_port, self.host = port, host
        self.registry = CollectorRegistry()  # one per bot, so tests may run several bots in one process
        self._messages = Counter("careerbot_messages_seen", "Messages from people the bot received",
                                 registry=self.registry)
        self._questions = Counter("careerbot_questions", "Messages understood, by outcome and intent",
                                  ["outcome", "intent"], registry=self.registry)
        buckets = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
        self._understanding = Histogram("careerbot_understanding_seconds", "Time to understand one message",
                                        buckets=buckets, registry=self.registry)
        self._reply = Histogram("careerbot_reply_seconds", "From receiving a question to the reply being sent",
                                buckets=buckets + (5.0, 10.0), registry=self.registry)
        self._errors = Counter("careerbot_discord_errors", "Discord API requests that failed, by HTTP status",
                               ["status"], registry=self.registry)
        self._server: ThreadingHTTPServer | None = None
        self._collecting = False
        self.port = None

    def message_seen(self) -> None:
        self._messages.inc()

    def question(self, outcome: str, intent: str) -> None:
        self._questions.labels(outcome, intent).inc()

    def understood(self, seconds: float) -> None:
        self._understanding.observe(seconds)

    def replied(self, seconds: float) -> None:
        self._reply.observe(seconds)

    def discord_error(self, status: int) -> None:
        self._errors.labels(str(status)).inc()

    def start(self, bot) -> None:
        """Serve /metrics and /healthz for `bot`, and count its failed Discord requests. Idempotent.

        Raises SettingsError naming CAREERBOT_METRICS_PORT when the port cannot be listened on.
        """
        if self._server is not None:
            return
        if not self._collecting:
            self.registry.register(_BotCollector(bot))
            self._collecting = True
        _count_http_errors(bot, self)
        handler = _handler(self.registry, bot)
        try:
            self._server = ThreadingHTTPServer((self.host, self.requested_port), handler)
        except OSError as error:
            from bot.settings import SettingsError

            raise SettingsError(f"CAREERBOT_METRICS_PORT={self.requested_port}: cannot listen on "
                                f"{self.host}:{self.requested_port} ({error.strerror or error})") from None
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, name="careerbot-metrics", daemon=True).start()
        log.info("metrics on http://%s:%d/metrics, health on /healthz", self.host, self.port)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class _BotCollector:
    """Guilds and gateway latency, read from the bot when Prometheus scrapes."""

    def __init__(self, bot) -> None:
        self.bot = bot

    def describe(self):
        return []

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        guilds = GaugeMetricFamily("careerbot_guilds", "Guilds on this process's shards")
        guilds.add_metric([], len(self.bot.guilds))
        yield guilds
        latency = GaugeMetricFamily("careerbot_shard_latency_seconds", "Gateway heartbeat latency per shard",
                                    labels=["shard"])
        latencies = getattr(self.bot, "latencies", None) or [(self.bot.shard_id or 0, self.bot.latency)]
        for shard_id, seconds in latencies:
            latency.add_metric([str(shard_id)], seconds)
        yield latency


def _count_http_errors(bot, metrics: PrometheusMetrics) -> None:
    """Wrap the bot's REST client once: every failed request is counted by status, then raised as before."""
    import discord

    http = bot.http
    if getattr(http, "_careerbot_counted", False):
        return
    original = http.request

    async def request(*args, **kwargs):
        try:
            return await original(*args, **kwargs)
        except discord.HTTPException as error:
            metrics.discord_error(error.status)
            raise

    http.request = request
    http._careerbot_counted = True


def _handler(registry, bot):
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                self._send(200, generate_latest(registry), CONTENT_TYPE_LATEST)
            elif path == "/healthz":
                ok, reason = health(bot)
                self._send(200 if ok else 503, (reason + "\n").encode(), "text/plain; charset=utf-8")
            else:
                self._send(404, b"not found: try /metrics or /healthz\n", "text/plain; charset=utf-8")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args) -> None:  # noqa: A002 - scrapes are not worth a log line each
            pass

    return Handler
