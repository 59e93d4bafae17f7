bench:
	bash benchmarks/run.sh

bench-quick:
	bash benchmarks/run.sh --quick

test:
	bash scripts/test.sh

run:
	bash scripts/run.sh

.PHONY: bench bench-quick test run
