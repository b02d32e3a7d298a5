import { configure } from '@testing-library/react';

// findBy*/waitFor give up after 1 s by default; a first designer render alone can take that on a busy machine.
configure({ asyncUtilTimeout: 10_000 });
