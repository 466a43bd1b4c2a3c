/**
 * JMH benchmarks: the codec comparison (java.io with a filter, multiproc's tagged codec, Apache
 * Fory 1.6.0) that chose the library's codec. Build and run:
 * {@code mvn -Pjmh -pl multiproc-jmh -am package -DskipTests && java -jar
 * multiproc-jmh/target/benchmarks.jar CodecBenchmark -f 1 -wi 5 -i 8}.
 */
package dev.multiproc.jmh;
