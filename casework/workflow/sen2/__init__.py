"""What the SEN2 return's data means, where an officer records it: the code lists (``codes``) and
the UPN and ULN checks (``identifiers``). Pure (standard library only), so the pages' and the API's
validation (``workflow.sen2_data``) and the return (``reports.sen2``) share one definition."""
