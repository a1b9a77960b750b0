# The dialogue engine: Rasa Open Source 3.6.21 on Python 3.10 (its limit), with the trained model baked in.
# Build from the repository root after `make model`:
#   docker build -f deploy/engine.Dockerfile --build-arg MODEL=models/<hash>.tar.gz -t ready-to-ask-engine .
FROM python:3.10.13-slim-bookworm

ARG MODEL
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY requirements-engine.txt constraints-engine.txt ./
RUN pip install -c constraints-engine.txt -r requirements-engine.txt \
    && useradd --system --uid 10001 --home-dir /app rasa

COPY credentials.yml endpoints.yml endpoints.production.yml ./
COPY ${MODEL} /app/models/model.tar.gz

USER 10001
EXPOSE 5005
# The token comes from the environment (a Kubernetes Secret or compose's .env), never from the image.
ENTRYPOINT ["/bin/sh", "-c", "exec rasa run --model /app/models/model.tar.gz --enable-api --auth-token \"$RTA_RASA_TOKEN\" --interface 0.0.0.0 --port 5005 --endpoints \"${RTA_ENDPOINTS:-endpoints.production.yml}\" --credentials credentials.yml"]
