FROM busybox
RUN <<EOF
echo hello
EOF
RUN <<-EOT bash
	echo indented
	EOT
RUN python3 <<'PY' > /out
print("$HOME")
PY
COPY <<one <<"two" /dest/
first $X
one
second $X
two
RUN cat <<A && cat <<B
a
A
b
B
ONBUILD RUN <<EOF
echo later
EOF
RUN ["sh", "-c", "cat <<EOF"]
COPY --chmod=0755 <<-run.sh /usr/local/bin/
	#!/bin/sh
	echo run
run.sh
RUN echo "<<NOTHEREDOC" '<<NORTHERE'
