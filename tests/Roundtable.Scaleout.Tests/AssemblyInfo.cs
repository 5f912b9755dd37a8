// The tests start real processes and measure recovery times: one collection at a time keeps two cores honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
