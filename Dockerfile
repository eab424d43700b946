# One image for every LiveGuard process (api, worker, alerts-consumer); docker-compose.yml runs it.
FROM python:3.11-slim-bookworm
ENV PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY liveguard ./liveguard
COPY ingest ./ingest
COPY transcribe ./transcribe
COPY rules ./rules
COPY alerts ./alerts
COPY pipeline ./pipeline
RUN pip install . && useradd --create-home --uid 10001 liveguard && mkdir -p /data /cache \
    && chown liveguard /data /cache
USER liveguard
EXPOSE 8000
CMD ["liveguard", "serve", "--host", "0.0.0.0", "--port", "8000"]
