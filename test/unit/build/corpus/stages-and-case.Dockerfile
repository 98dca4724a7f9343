ARG VERSION=1.0
from busybox:${VERSION} as Base
arg VERSION
Run echo $VERSION

FROM base AS test
COPY --from=Base /bin/sh /sh

FROM golang:1.22
COPY -- --weird /dst
CMD [ "a", 'b' ]
ENTRYPOINT []
CMD
EXPOSE $PORTS
WORKDIR /path with spaces
