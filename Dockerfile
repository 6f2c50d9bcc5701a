# Production image: gunicorn serves the site, WhiteNoise its static files.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml requirements.lock ./
COPY . .
RUN pip install --no-cache-dir -c requirements.lock . \
    && useradd --system --home /app okportal \
    && DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput
USER okportal
EXPOSE 8000
CMD ["gunicorn", "okportal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
