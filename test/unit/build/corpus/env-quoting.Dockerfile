FROM busybox
ENV name="value value1"
ENV name=value\ value2
ENV name="value'quote space'value2"
ENV name='value"double quote"value2'
ENV a="x\"y" b='single $NOT' c=$HOME/bin d=
LABEL "com.example.key"="quoted key" other.label=plain
ARG ONE="1 2" TWO=${ONE:+set}
