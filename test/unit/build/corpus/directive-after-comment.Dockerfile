# a comment first
# escape=`
# syntax=ignored
FROM busybox
RUN echo a \
    b
