// Owned by the e-signature work of issue 9: CMS signing and checking shared by the browser and the server.
export {};
