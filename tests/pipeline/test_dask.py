"""Tests of --dask: the same extraction on a two-worker dask.distributed LocalCluster gives one local worker's events."""
from __future__ import annotations

import distributed
import pytest

from geo.pipeline.parallel import RunOptions, events_of, extract_stream, ingest_stream
from geo.pipeline.sources import iter_sources
from geo.pipeline.workers import DaskExecutor
from geo.store import open_store

from .invented import store_contents, write_collection


@pytest.fixture(scope="module")
def cluster():
    # Two worker processes, one thread each: the workers are separate Python processes, as on a real cluster.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as local, distributed.Client(local) as client:
        yield client


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    return write_collection(tmp_path_factory.mktemp("dask") / "news.jsonl", 30, broken=(4,))


def _events(collection, options):
    return [(item.path, [e.to_dict() for e in events_of(outcome)]) for item, outcome in
            extract_stream(iter_sources([collection]), options)]


def test_a_two_worker_cluster_gives_the_events_of_one_local_worker_in_order(cluster, collection):
    executor = DaskExecutor(cluster)
    assert executor.workers == 2
    assert _events(collection, RunOptions(executor=executor, batch_size=4)) == \
        _events(collection, RunOptions(workers=1))


def test_an_ingest_through_the_cluster_makes_the_store_of_a_local_one(cluster, collection, tmp_path):
    with open_store(tmp_path / "dask.sqlite") as remote, open_store(tmp_path / "local.sqlite") as local:
        ingest_stream(iter_sources([collection]), remote, options=RunOptions(executor=DaskExecutor(cluster),
                                                                              batch_size=4))
        ingest_stream(iter_sources([collection]), local, options=RunOptions(workers=1))
        assert store_contents(remote) == store_contents(local)


def test_an_unreachable_scheduler_is_a_clear_error():
    with pytest.raises(Exception, match="cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'"):
        DaskExecutor("tcp://127.0.0.1:9", timeout="1s")
