FROM busybox
RUN echo one \
# a comment inside a continuation
    two \

    three
RUN echo \\
   CMD echo end   
run echo tab \	 
	continued
LABEL a=1 \
      b=2
