"""``liveguard topics create``, ``liveguard publish`` and ``liveguard catalog publish``."""

from __future__ import annotations

from pathlib import Path

import typer


def _quiet_kafka() -> None:
    """kafka-python logs every reconnect attempt at ERROR; without -v one clear line is enough."""
    import logging

    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        logging.getLogger("kafka").setLevel(logging.CRITICAL)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the root app."""
    topics = typer.Typer(help="Kafka topics LiveGuard uses.", no_args_is_help=True)
    catalog = typer.Typer(
        help="Product catalog events (prices, stock, promotions).", no_args_is_help=True
    )
    app.add_typer(topics, name="topics")
    app.add_typer(catalog, name="catalog")

    @topics.command("create")
    def topics_create(
        partitions: int = typer.Option(
            12, min=1, help="Partitions of the audio, event and state topics."
        ),
        bootstrap: str = typer.Option(
            "", help="Kafka bootstrap servers (default LIVEGUARD_KAFKA_BOOTSTRAP)."
        ),
        replication: int = typer.Option(
            1, min=1, help="Replication factor (3 on a production cluster)."
        ),
    ) -> None:
        """Create LiveGuard's topics (existing ones are left alone)."""
        from liveguard.ingest.topics import create_topics, topic_specs
        from liveguard.settings import get_settings

        _quiet_kafka()
        settings = get_settings()
        specs = topic_specs(settings, partitions=partitions)
        created = create_topics(
            specs,
            bootstrap=bootstrap or settings.kafka_bootstrap,
            replication_factor=replication,
        )
        for spec in specs:
            state = "created" if spec.name in created else "exists"
            typer.echo(f"{spec.name}\t{spec.partitions}\t{state}")

    @app.command("publish")
    def publish(
        media: str = typer.Argument(..., help="Audio/video file or URL (anything ffmpeg reads)."),
        stream_id: str = typer.Option(..., "--stream-id", help="Stream id (the record key)."),
        platform: str = typer.Option("", "--platform"),
        room: str = typer.Option("", "--room"),
        host_id: str = typer.Option("", "--host-id"),
        merchant_id: str = typer.Option("", "--merchant-id"),
        realtime: bool = typer.Option(
            False, "--realtime", help="Pace chunks at the speed of the audio."
        ),
        chunk_seconds: float = typer.Option(
            0.0, min=0.0, max=2.0, help="Chunk length (default LIVEGUARD_CHUNK_SECONDS)."
        ),
        start_seq: int = typer.Option(0, min=0, help="First sequence number (resume a stream)."),
        bootstrap: str = typer.Option("", help="Kafka bootstrap servers."),
    ) -> None:
        """Tap a file or URL into the audio topic, in order, ending with end-of-stream."""
        import itertools

        from pydantic import ValidationError

        from liveguard.contracts import MAX_SEQ, StreamMeta
        from liveguard.ingest.media import read_media
        from liveguard.ingest.publisher import make_producer, publish_chunks, with_end_of_stream
        from liveguard.ingest.topics import AUDIO
        from liveguard.settings import get_settings

        settings = get_settings()
        if start_seq > MAX_SEQ:
            raise typer.BadParameter(f"at most {MAX_SEQ}", param_hint="--start-seq")
        try:
            meta = StreamMeta(
                stream_id=stream_id,
                platform_id=platform,
                room_id=room,
                host_id=host_id,
                merchant_id=merchant_id,
            )
        except ValidationError as exc:
            error = exc.errors()[0]
            raise typer.BadParameter(f"{error['loc'][-1]}: {error['msg']}") from exc
        _quiet_kafka()
        chunks = read_media(
            media,
            meta,
            chunk_seconds=chunk_seconds or settings.chunk_seconds,
            realtime=realtime,
            start_seq=start_seq,
        )
        first = next(chunks)  # fail on an unreadable source before touching Kafka
        producer = make_producer(
            bootstrap or settings.kafka_bootstrap, max_message_bytes=settings.max_message_bytes
        )
        try:
            count = publish_chunks(
                with_end_of_stream(itertools.chain([first], chunks)),
                producer=producer,
                topic=settings.topic(AUDIO),
                flush_every=1 if realtime else 0,
            )
        finally:
            producer.close()
        typer.echo(f"published {count} chunks of {stream_id} to {settings.topic(AUDIO)}")

    @catalog.command("publish")
    def catalog_publish(
        file: Path = typer.Argument(..., help="Catalog file (JSON or YAML, same as --catalog)."),
        bootstrap: str = typer.Option("", help="Kafka bootstrap servers."),
    ) -> None:
        """Send every product of a catalog file as a ProductContext event."""
        from liveguard.ingest.catalog import load_catalog_file
        from liveguard.ingest.publisher import make_producer, publish_catalog
        from liveguard.ingest.topics import CATALOG
        from liveguard.settings import get_settings

        _quiet_kafka()
        settings = get_settings()
        products = load_catalog_file(file).products
        producer = make_producer(
            bootstrap or settings.kafka_bootstrap, max_message_bytes=settings.max_message_bytes
        )
        try:
            count = publish_catalog(products, producer=producer, settings=settings)
        finally:
            producer.close()
        typer.echo(f"published {count} products to {settings.topic(CATALOG)}")
