# syntax=docker/dockerfile:1
ARG BASE=busybox
ARG TAG
FROM --platform=linux/amd64 ${BASE}:${TAG:-latest} AS Build
RUN echo hello && \
    echo world
RUN ["echo", "exec form"]
RUN --mount=type=cache,target=/root/.cache --network=none echo cached
CMD ["sh", "-c", "echo hi"]
LABEL version="1.0" description="a \"quoted\" label"
LABEL maintainer Jane Doe <jane@example.com>
EXPOSE 80/tcp 443 8080
ENV A=1 B="two words"
ENV LEGACY value with spaces
ADD --chown=1000:1000 --checksum=sha256:abc https://example.com/x.tar.gz /opt/
COPY --from=0 --chmod=0644 --link a.txt b.txt /dest/
ENTRYPOINT /bin/sh -c
VOLUME ["/data", "/logs"]
VOLUME /cache /tmp/x
USER 1000:1000
WORKDIR /app
ARG VERSION=1.2 OTHER
ONBUILD RUN echo triggered
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=3s --start-period=1m30s --retries=3 CMD curl -f http://localhost/ || exit 1
SHELL ["/bin/bash", "-c"]
MAINTAINER someone@example.com

FROM scratch
COPY --from=build /out /
HEALTHCHECK NONE
