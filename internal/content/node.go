package content

// Node is an item with a global ID: Page, Contact, Document or OpeningHours.
type Node interface{ IsNode() }

// SearchResult is an item search can find: Page, Contact or Document.
type SearchResult interface{ IsSearchResult() }

func (*Page) IsNode()         {}
func (*Contact) IsNode()      {}
func (*Document) IsNode()     {}
func (*OpeningHours) IsNode() {}

func (*Page) IsSearchResult()     {}
func (*Contact) IsSearchResult()  {}
func (*Document) IsSearchResult() {}
