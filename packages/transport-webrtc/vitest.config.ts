import { echoProject } from "../../vitest.shared.js";

export default echoProject("transport-webrtc");
