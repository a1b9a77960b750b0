# Our code (Python 3.11): the gateway, the action server and the understanding service, one image;
# the command chooses the process (see compose.yaml and k8s/).
#   docker build -f deploy/app.Dockerfile -t ready-to-ask-app .
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONUNBUFFERED=1
WORKDIR /app

# WeasyPrint's libraries and fonts for the letter PDF (bookworm's current security releases, so not pinned).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app app

COPY pyproject.toml constraints-app.txt README.md ./
COPY bot ./bot
COPY actions ./actions
COPY content ./content
COPY data ./data
COPY web_widget ./web_widget
COPY migrations ./migrations
COPY alembic.ini endpoints.yml endpoints.production.yml ./
RUN pip install -c constraints-app.txt . \
    && python -m bot.councils.build_index \
    && python -m bot.understanding.train

USER 10001
EXPOSE 8000 5055 5006
# The gateway by default; the action server and the understanding service override the command.
CMD ["uvicorn", "bot.gateway.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000", "--no-access-log", "--proxy-headers"]
