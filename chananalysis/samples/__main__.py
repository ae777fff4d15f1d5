"""``python -m chananalysis.samples --out data_samples``: write the sample clients."""

from chananalysis.samples import main

raise SystemExit(main())
