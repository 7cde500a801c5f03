import { staticSite } from "./static-worker";

export default staticSite;
