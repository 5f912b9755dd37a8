// One server and one browser serve every test; running them one at a time keeps two cores from timing out.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
