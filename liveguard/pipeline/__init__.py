"""Wiring of the stages: ``scan`` (file → transcribe → rules), the Kafka ``worker`` and the
embedded ``demo``. This is the only package that imports every stage; the stages themselves
import only the core and the stages upstream of them."""
