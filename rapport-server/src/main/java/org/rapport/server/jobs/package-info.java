/** Background jobs (analyze a file of the import folder), their plugged steps, failure messages and the import folder. */
package org.rapport.server.jobs;
