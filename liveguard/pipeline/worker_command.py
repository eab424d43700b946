"""``liveguard worker``: one member of the consumer group that runs the whole pipeline."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's command to the root app."""

    @app.command("worker")
    def worker(
        group: str = typer.Option("", help="Consumer group (default LIVEGUARD_CONSUMER_GROUP)."),
        worker_id: str = typer.Option("", "--id", help="Name in logs and the Kafka client id."),
        commit_every: float = typer.Option(
            0.0,
            min=0.0,
            help="Seconds between checkpoint+commit cycles (default LIVEGUARD_CHECKPOINT_EVERY_S).",
        ),
        idle_exit: float = typer.Option(
            0.0, min=0.0, help="Exit after this many idle seconds (0: never)."
        ),
        metrics_port: int = typer.Option(
            -1, help="Prometheus port (default LIVEGUARD_METRICS_PORT; 0 off)."
        ),
        components: str = typer.Option(
            "",
            help="module:function giving (speech factory, recognizer, checker factory) instead of Whisper + rule packs.",
        ),
        session_timeout_ms: int = typer.Option(
            10_000, min=6_000, help="How fast a dead worker's partitions move."
        ),
        instance_id: str = typer.Option(
            "",
            help="Kafka static membership id (e.g. the pod name): a worker restarted under the "
            "same id takes its partitions back without a group rebalance. Must be unique.",
        ),
        join_timeout: float = typer.Option(
            0.0,
            min=0.0,
            help="Exit non-zero when not in the group for this many seconds "
            "(default five session timeouts).",
        ),
    ) -> None:
        """Consume the audio topic, transcribe, check and publish findings (Ctrl-C / SIGTERM: finish and commit)."""
        import logging
        import threading

        from liveguard.ingest.catalog import CatalogView, follow_catalog
        from liveguard.ingest.topics import CATALOG
        from liveguard.pipeline.worker import Worker, WorkerOptions
        from liveguard.pipeline.worker_components import (
            build_processor,
            load_components,
            real_components,
        )
        from liveguard.settings import get_settings

        logging.getLogger("kafka").setLevel(logging.WARNING)
        settings = get_settings()
        if group:
            settings = settings.model_copy(update={"consumer_group": group})
        stop_catalog = threading.Event()
        try:
            catalog = CatalogView()
            if components:
                parts = load_components(components)
            else:
                follow_catalog(
                    catalog, settings.kafka_bootstrap, settings.topic(CATALOG), stop_catalog
                )
                parts = real_components(settings, catalog)
            processor = build_processor(parts, settings)
            options = WorkerOptions(
                commit_every_s=commit_every or None,
                idle_exit_s=idle_exit or None,
                session_timeout_ms=session_timeout_ms,
                instance_id=instance_id or None,
                join_timeout_s=join_timeout or None,
            )
            runner = Worker(processor, settings=settings, options=options, worker_id=worker_id)
            runner.install_signal_handlers()
            runner.metrics.serve(settings.metrics_port if metrics_port < 0 else metrics_port)
            runner.run()
        finally:
            stop_catalog.set()
        stats = processor.stats
        typer.echo(
            f"worker {worker_id or '-'}: {stats.chunks} chunks, {stats.segments} segments, "
            f"{stats.findings} findings, {runner.dead.count} dead letters"
        )
